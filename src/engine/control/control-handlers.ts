import { appendVariableActivity } from './append-variable.js';
import type { ControlHandler } from './control-activity.js';
import { executePipelineActivity } from './execute-pipeline.js';
import { failActivity } from './fail.js';
import { filterActivity } from './filter.js';
import { forEachActivity } from './for-each.js';
import { ifConditionActivity } from './if-condition.js';
import { setVariableActivity } from './set-variable.js';
import { switchActivity } from './switch.js';
import { untilActivity } from './until.js';
import { validationActivity } from './validation.js';
import { waitActivity } from './wait.js';

/** Control-flow activities by lower-case type (ADF matches type discriminators case-insensitively). */
export const CONTROL_HANDLERS: ReadonlyMap<string, ControlHandler> = new Map([
  ['appendvariable', appendVariableActivity],
  ['executepipeline', executePipelineActivity],
  ['fail', failActivity],
  ['filter', filterActivity],
  ['foreach', forEachActivity],
  ['ifcondition', ifConditionActivity],
  ['setvariable', setVariableActivity],
  ['switch', switchActivity],
  ['until', untilActivity],
  ['validation', validationActivity],
  ['wait', waitActivity],
]);

import type { JsonObject, TriggerResource } from '../model/index.js';
import { invalid, isObject } from './trigger-json.js';
import type { ScheduleRecurrence } from './schedule-recurrence.js';
import { parseScheduleRecurrence } from './schedule-recurrence.js';
import type { TumblingWindowSpec } from './tumbling-windows.js';
import { parseTumblingWindowSpec } from './tumbling-windows.js';
import type { BlobEventsSpec } from './blob-events.js';
import { parseBlobEventsSpec } from './blob-events.js';

/** The trigger types Millrace fires. */
export const TriggerType = {
  Schedule: 'ScheduleTrigger',
  TumblingWindow: 'TumblingWindowTrigger',
  BlobEvents: 'BlobEventsTrigger',
} as const;
export type TriggerType = (typeof TriggerType)[keyof typeof TriggerType];

/** A pipeline a trigger starts, with its `parameters` as written (literals or trigger-scope expressions). */
export interface TriggerPipeline {
  readonly pipeline: string;
  readonly parameters: JsonObject;
}

interface TriggerBase {
  readonly name: string;
  /** `runtimeState` of the factory file (absent = Stopped). */
  readonly runtimeState: 'Started' | 'Stopped' | 'Disabled';
  readonly pipelines: readonly TriggerPipeline[];
}

/** A parsed ScheduleTrigger. */
export interface ScheduleTriggerDefinition extends TriggerBase {
  readonly type: typeof TriggerType.Schedule;
  readonly recurrence: ScheduleRecurrence;
}

/** A parsed TumblingWindowTrigger (always exactly one pipeline). */
export interface TumblingWindowTriggerDefinition extends TriggerBase {
  readonly type: typeof TriggerType.TumblingWindow;
  readonly window: TumblingWindowSpec;
}

/** A parsed BlobEventsTrigger. */
export interface BlobEventsTriggerDefinition extends TriggerBase {
  readonly type: typeof TriggerType.BlobEvents;
  readonly events: BlobEventsSpec;
}

/** Any trigger Millrace can fire. */
export type TriggerDefinition =
  ScheduleTriggerDefinition | TumblingWindowTriggerDefinition | BlobEventsTriggerDefinition;

function pipelineOf(ref: unknown, trigger: string, path: string): TriggerPipeline {
  const r = ref as JsonObject;
  const p = isObject(r) ? r['pipelineReference'] : undefined;
  const name = isObject(p) ? p['referenceName'] : undefined;
  if (typeof name !== 'string') invalid(trigger, `${path}.pipelineReference.referenceName`, 'is required');
  const params = r['parameters'];
  return { pipeline: name, parameters: isObject(params) ? params : {} };
}

/**
 * Parses a trigger resource into a definition, or returns `undefined` for a type Millrace does not fire
 * (CustomEventsTrigger, legacy BlobTrigger, ChainingTrigger).
 * @throws ConfigError `trigger/invalid-definition` (trigger name + JSON path), `trigger/unknown-time-zone`,
 *   `trigger/invalid-time`
 */
export function parseTriggerDefinition(resource: TriggerResource): TriggerDefinition | undefined {
  const p = resource.properties;
  const name = resource.name;
  const runtimeState = p.runtimeState ?? 'Stopped';
  const tp = p.typeProperties;
  if (p.type === TriggerType.TumblingWindow) {
    const pipelines = p.pipeline
      ? [pipelineOf(p.pipeline, name, '$.properties.pipeline')]
      : p.pipelines.map((x, i) => pipelineOf(x, name, `$.properties.pipelines[${i}]`));
    if (pipelines.length !== 1)
      invalid(name, '$.properties.pipeline', 'a tumbling window trigger runs exactly one pipeline');
    return { type: p.type, name, runtimeState, pipelines, window: parseTumblingWindowSpec(tp, name) };
  }
  const pipelines = p.pipelines.map((x, i) => pipelineOf(x, name, `$.properties.pipelines[${i}]`));
  if (p.type === TriggerType.Schedule) {
    const rec = tp['recurrence'];
    if (!isObject(rec)) invalid(name, '$.properties.typeProperties.recurrence', 'is required');
    return { type: p.type, name, runtimeState, pipelines, recurrence: parseScheduleRecurrence(rec, name) };
  }
  if (p.type === TriggerType.BlobEvents) {
    return { type: p.type, name, runtimeState, pipelines, events: parseBlobEventsSpec(tp, name) };
  }
  return undefined;
}

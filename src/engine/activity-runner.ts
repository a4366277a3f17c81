import type { ExprValue } from '../expressions/index.js';
import { evaluateDynamic } from '../expressions/index.js';
import { beginActivityRun, endActivityRun, recordFinalActivityRun } from './activity-record.js';
import type { ChildScopeRunner, ControlContext, ControlHandler } from './control/control-activity.js';
import { CONTROL_HANDLERS } from './control/control-handlers.js';
import { cancelledError, errorRecord, toActivityError } from './error-boundary.js';
import { runExecutionActivity } from './execution-activity.js';
import type { EffectiveStatus } from './outcome.js';
import type { ActivityNode } from './plan.js';
import type { PreviousActivity } from './rerun-source.js';
import { reopenActivityRun } from './resume-activity.js';
import type { ScopeState } from './run-state.js';

/**
 * Runs one activity of a scope to its final status: inactive ones are recorded with their
 * `onInactiveMarkAs`, control-flow types run in the engine (unless `replacesActivity` hands one to the
 * registry), every other type goes to the registry.
 * `runChild` runs the nested scopes of control-flow activities (the scope runner passes itself down).
 * `resumed`: in a resumed run, what the dead orchestrator recorded of this activity (it was running, or its last
 * attempt failed and it may retry).
 */
export function runActivity(
  node: ActivityNode,
  scope: ScopeState,
  runChild: ChildScopeRunner,
  resumed?: PreviousActivity,
): Promise<EffectiveStatus> {
  const { activity } = node;
  if (activity.state === 'Inactive') {
    const markedAs = activity.onInactiveMarkAs ?? 'Succeeded';
    recordFinalActivityRun(scope, activity, 'Inactive', { visibleStatus: markedAs, markedAs });
    return Promise.resolve(markedAs);
  }
  const control = CONTROL_HANDLERS.get(node.typeKey);
  if (control && !scope.run.options.replacesActivity?.(activity))
    return runControlActivity(node, scope, control, runChild, resumed);
  return runExecutionActivity(node, scope, resumed);
}

async function runControlActivity(
  node: ActivityNode,
  scope: ScopeState,
  handler: ControlHandler,
  runChild: ChildScopeRunner,
  resumed: PreviousActivity | undefined,
): Promise<EffectiveStatus> {
  const { activity } = node;
  // Resumed: the activity run the dead orchestrator began goes on (its nested scopes keep what they recorded).
  const open = resumed ? reopenActivityRun(scope, activity, resumed) : beginActivityRun(scope, activity, 1);
  let input: ExprValue | undefined;
  const ctx: ControlContext = {
    activity,
    activityRunId: open.record.activityRunId,
    run: scope.run,
    scope,
    signal: scope.signal,
    evaluate: (value) => evaluateDynamic(value, scope.evalContext),
    evaluateWithItem: (value, item) => evaluateDynamic(value, { ...scope.evalContext, item }),
    setInput: (value) => {
      input = value;
    },
    runChildScope: (activities, options) => runChild(scope, activities, options),
  };
  try {
    const output = await handler(ctx);
    endActivityRun(scope, open, { status: 'Succeeded', output, ...(input === undefined ? {} : { input }) });
    return 'Succeeded';
  } catch (err) {
    const cancelled = scope.signal.aborted;
    const error = errorRecord(
      cancelled ? cancelledError(activity.name) : toActivityError(err, activity.name),
      activity.name,
    );
    endActivityRun(scope, open, {
      status: cancelled ? 'Cancelled' : 'Failed',
      error,
      ...(input === undefined ? {} : { input }),
    });
    return cancelled ? 'Cancelled' : 'Failed';
  }
}

import { ActivityError, FailureType } from '../errors/index.js';
import type { Activity } from '../model/index.js';
import type { OpenActivityRun } from './activity-record.js';
import { securityOf } from './activity-record.js';
import { CONTROL_HANDLERS } from './control/control-handlers.js';
import { errorRecord } from './error-boundary.js';
import type { EffectiveStatus } from './outcome.js';
import type { ActivityNode } from './plan.js';
import type { PreviousActivity } from './rerun-source.js';
import type { ScopeState } from './run-state.js';

/**
 * What a resumed run keeps of an activity it recorded before its orchestrator died: the recorded status
 * (made visible to expressions again, nothing recorded anew), or undefined when the activity must run on — it
 * was running, or it is an execution activity whose last attempt failed before anything after it started (it
 * may have been waiting to retry; `runExecutionActivity` decides by its retry policy).
 */
export function keptStatus(
  scope: ScopeState,
  node: ActivityNode,
  prev: PreviousActivity,
): EffectiveStatus | undefined {
  if (prev.status === 'InProgress' || prev.status === 'Queued') return undefined;
  if (
    prev.status === 'Failed' &&
    isExecutionActivity(scope, node) &&
    !node.dependents.some((d) => scope.previous?.has(d.activity.name))
  )
    return undefined;
  const status: EffectiveStatus =
    prev.status === 'Inactive' ? (prev.markedAs ?? 'Succeeded') : (prev.status as EffectiveStatus);
  restoreState(scope, node.activity.name, prev, status);
  return status;
}

/** Makes a recorded activity run visible to expressions (`activity('x').output`, `.Status`, `.error`). */
export function restoreState(
  scope: ScopeState,
  name: string,
  prev: PreviousActivity,
  status: string = prev.status,
): void {
  scope.activities.set(name, {
    status,
    ...(prev.output === undefined ? {} : { output: prev.output }),
    ...(prev.error === undefined ? {} : { error: { ...prev.error } }),
  });
}

/** True when the engine hands the activity to an executor (not a control-flow handler). */
function isExecutionActivity(scope: ScopeState, node: ActivityNode): boolean {
  return !CONTROL_HANDLERS.has(node.typeKey) || scope.run.options.replacesActivity?.(node.activity) === true;
}

/** A control-flow activity run that was in progress: it goes on under the same activity run id. */
export function reopenActivityRun(
  scope: ScopeState,
  activity: Activity,
  prev: PreviousActivity,
): OpenActivityRun {
  const { run } = scope;
  scope.activities.set(activity.name, { status: 'InProgress' });
  return {
    record: {
      activityRunId: prev.activityRunId,
      runId: run.runId,
      seq: prev.seq,
      activityName: activity.name,
      activityType: activity.type,
      status: 'InProgress',
      ...(scope.iteration === undefined ? {} : { iteration: scope.iteration }),
      attempt: prev.attempt,
      start: run.options.clock.now(),
    },
    ...securityOf(activity),
  };
}

/** The error of an attempt whose orchestrating process died while it ran. */
export function orchestratorLostError(activityName: string): ActivityError {
  return new ActivityError({
    code: 'engine/orchestrator-lost',
    errorCode: 'OrchestratorLost',
    failureType: FailureType.SystemError,
    message: `activity "${activityName}": the process running its pipeline run stopped while this attempt ran; another took the run over`,
  });
}

/**
 * Ends an attempt that was running when its orchestrator died as Failed (`engine/orchestrator-lost`, retryable):
 * nobody will report its end, and what it did may be incomplete.
 */
export function settleLostAttempt(scope: ScopeState, activity: Activity, prev: PreviousActivity): void {
  const error = errorRecord(orchestratorLostError(activity.name), activity.name);
  scope.run.emit({
    kind: 'activity-finished',
    runId: scope.run.runId,
    activityRunId: prev.activityRunId,
    activityName: activity.name,
    ...(scope.iteration === undefined ? {} : { iteration: scope.iteration }),
    status: 'Failed',
    end: scope.run.options.clock.now(),
    error,
  });
  scope.activities.set(activity.name, { status: 'Failed', error: { ...error } });
}

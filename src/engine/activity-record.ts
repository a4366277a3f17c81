import type { ActivityRunError, ActivityRunRecord, ActivityRunStatus } from '../contracts/index.js';
import type { ExprValue } from '../expressions/index.js';
import { toJsonValue } from '../expressions/index.js';
import type { Activity, JsonValue } from '../model/index.js';
import { maskIf } from './masking.js';
import type { ScopeState } from './run-state.js';

/** An activity run being recorded: the record at start plus what masking applies. */
export interface OpenActivityRun {
  readonly record: ActivityRunRecord;
  readonly secureInput: boolean;
  readonly secureOutput: boolean;
}

/** What ends an activity run. */
export interface ActivityRunEnd {
  readonly status: ActivityRunStatus;
  /** What `activity('x').Status` shows (Inactive runs show their onInactiveMarkAs). */
  readonly visibleStatus?: string;
  readonly input?: ExprValue;
  readonly output?: ExprValue;
  readonly error?: ActivityRunError;
}

/** True when the activity's policy secures its input / output. */
export function securityOf(activity: Activity): { secureInput: boolean; secureOutput: boolean } {
  return {
    secureInput: activity.policy?.secureInput === true,
    secureOutput: activity.policy?.secureOutput === true,
  };
}

/** Converts a value for the store, masked when secure. */
export function storedValue(secure: boolean, v: ExprValue | undefined): JsonValue | undefined {
  if (v === undefined) return undefined;
  return maskIf(secure, toJsonValue(v) as JsonValue);
}

/** Records the start of an activity run (status InProgress) and makes it visible to expressions. */
export function beginActivityRun(
  scope: ScopeState,
  activity: Activity,
  attempt: number,
  input?: ExprValue,
): OpenActivityRun {
  const { run } = scope;
  const { secureInput, secureOutput } = securityOf(activity);
  const stored = storedValue(secureInput, input);
  const record: ActivityRunRecord = {
    activityRunId: run.options.ids.newRunId(),
    runId: run.runId,
    seq: run.seq++,
    activityName: activity.name,
    activityType: activity.type,
    status: 'InProgress',
    ...(scope.iteration === undefined ? {} : { iteration: scope.iteration }),
    attempt,
    start: run.options.clock.now(),
    ...(stored === undefined ? {} : { input: stored }),
  };
  run.emit({ kind: 'activity-started', activityRun: record, pipeline: run.pipeline.name });
  scope.activities.set(activity.name, { status: 'InProgress' });
  return { record, secureInput, secureOutput };
}

/** Records the end of an activity run and publishes its status, output and error to expressions. */
export function endActivityRun(scope: ScopeState, open: OpenActivityRun, end: ActivityRunEnd): void {
  const { record } = open;
  const input = storedValue(open.secureInput, end.input);
  const output = storedValue(open.secureOutput, end.output);
  scope.run.emit({
    kind: 'activity-finished',
    runId: record.runId,
    activityRunId: record.activityRunId,
    activityName: record.activityName,
    ...(record.iteration === undefined ? {} : { iteration: record.iteration }),
    status: end.status,
    end: scope.run.options.clock.now(),
    ...(input === undefined ? {} : { input }),
    ...(output === undefined ? {} : { output }),
    ...(end.error === undefined ? {} : { error: end.error }),
  });
  scope.activities.set(record.activityName, {
    status: end.visibleStatus ?? end.status,
    ...(end.output === undefined ? {} : { output: end.output }),
    ...(end.error === undefined ? {} : { error: { ...end.error } }),
  });
}

/** Records an activity run that is final at once (Skipped, Inactive, or reused by a rerun). */
export function recordFinalActivityRun(
  scope: ScopeState,
  activity: Activity,
  status: ActivityRunStatus,
  extra: {
    visibleStatus?: string;
    output?: JsonValue;
    reusedFrom?: string;
    markedAs?: ActivityRunRecord['markedAs'];
  } = {},
): void {
  const { run } = scope;
  const now = run.options.clock.now();
  const { secureOutput } = securityOf(activity);
  const record: ActivityRunRecord = {
    activityRunId: run.options.ids.newRunId(),
    runId: run.runId,
    seq: run.seq++,
    activityName: activity.name,
    activityType: activity.type,
    status,
    ...(scope.iteration === undefined ? {} : { iteration: scope.iteration }),
    attempt: 1,
    start: now,
    end: now,
    ...(extra.output === undefined ? {} : { output: maskIf(secureOutput, extra.output) }),
    ...(extra.reusedFrom === undefined ? {} : { reusedFrom: extra.reusedFrom }),
    ...(extra.markedAs === undefined ? {} : { markedAs: extra.markedAs }),
  };
  run.emit({ kind: 'activity-started', activityRun: record, pipeline: run.pipeline.name });
  scope.activities.set(activity.name, {
    status: extra.visibleStatus ?? status,
    ...(extra.output === undefined ? {} : { output: extra.output }),
  });
}

import type { ActivityRunRecord } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';

/** What an earlier run recorded for one activity in one scope (its last attempt). */
export interface PreviousActivity {
  readonly activityRunId: string;
  readonly status: string;
  readonly output?: JsonValue;
}

/**
 * The earlier run of a "rerun from failed activity": per scope path (`''` for the pipeline, else the
 * iteration path such as `Loop[3]`), the last attempt of each activity.
 */
export interface RerunSource {
  readonly runId: string;
  readonly scopes: ReadonlyMap<string, ReadonlyMap<string, PreviousActivity>>;
}

/** Builds the rerun source from an earlier run's activity runs. */
export function createRerunSource(runId: string, activityRuns: readonly ActivityRunRecord[]): RerunSource {
  const scopes = new Map<string, Map<string, PreviousActivity & { seq: number }>>();
  for (const a of activityRuns) {
    const key = a.iteration ?? '';
    let scope = scopes.get(key);
    if (!scope) {
      scope = new Map<string, PreviousActivity & { seq: number }>();
      scopes.set(key, scope);
    }
    const prev = scope.get(a.activityName);
    if (prev && prev.seq > a.seq) continue;
    scope.set(a.activityName, {
      activityRunId: a.reusedFrom ?? a.activityRunId,
      status: a.status,
      seq: a.seq,
      ...(a.output === undefined ? {} : { output: a.output }),
    });
  }
  return { runId, scopes };
}

import type { ActivityRunError, ActivityRunRecord } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
import { loopOf } from './iteration-path.js';

/** What an earlier run recorded for one activity in one scope (its last attempt). */
export interface PreviousActivity {
  readonly activityRunId: string;
  readonly activityType: string;
  readonly status: string;
  /** Position in the earlier run's activity sequence (replayed iterations keep this order). */
  readonly seq: number;
  /** Which attempt it was (1 for the first). */
  readonly attempt: number;
  /** When it ended (absent while it ran). */
  readonly end?: number;
  readonly output?: JsonValue;
  readonly error?: ActivityRunError;
  readonly markedAs?: ActivityRunRecord['markedAs'];
}

/**
 * The earlier run of a "rerun from failed activity": per scope path (`''` for the pipeline, else the
 * iteration path such as `Loop[3]`), the last attempt of each activity.
 */
export interface RerunSource {
  readonly runId: string;
  readonly scopes: ReadonlyMap<string, ReadonlyMap<string, PreviousActivity>>;
  /**
   * "Rerun failed iterations": the ForEach iteration paths (`Loop[3]`, `Outer[1]/Inner[2]`) that run again in
   * full. The other iterations of those ForEach activities keep what the earlier run recorded, failed ones
   * too; everything else is a rerun from failed activity. Absent: a plain rerun from failed activity.
   */
  readonly iterations?: ReadonlySet<string>;
  /**
   * A takeover resuming the run itself (`resume-source.ts`): what it recorded is kept as it is (not recorded
   * again), whatever its status, and what was running runs again (`runActivity`'s resume path).
   */
  readonly resume?: boolean;
}

/** Builds the rerun source from an earlier run's activity runs (and the iterations to run again, if any). */
export function createRerunSource(
  runId: string,
  activityRuns: readonly ActivityRunRecord[],
  iterations?: readonly string[],
): RerunSource {
  const scopes = new Map<string, Map<string, PreviousActivity>>();
  for (const a of activityRuns) {
    const key = a.iteration ?? '';
    let scope = scopes.get(key);
    if (!scope) {
      scope = new Map<string, PreviousActivity>();
      scopes.set(key, scope);
    }
    const prev = scope.get(a.activityName);
    if (prev && prev.seq > a.seq) continue;
    scope.set(a.activityName, {
      activityRunId: a.reusedFrom ?? a.activityRunId,
      activityType: a.activityType,
      status: a.status,
      seq: a.seq,
      attempt: a.attempt,
      ...(a.end === undefined ? {} : { end: a.end }),
      ...(a.output === undefined ? {} : { output: a.output }),
      ...(a.error === undefined ? {} : { error: a.error }),
      ...(a.markedAs === undefined ? {} : { markedAs: a.markedAs }),
    });
  }
  return { runId, scopes, ...(iterations === undefined ? {} : { iterations: new Set(iterations) }) };
}

/**
 * True when the scope at `path` is another iteration of a ForEach whose named iterations run again: it keeps
 * what the earlier run recorded. A scope that is, or holds, a named iteration runs.
 */
export function isReplayedIteration(rerun: RerunSource | undefined, path: string): boolean {
  const loop = loopOf(path);
  if (!rerun?.iterations || loop === undefined) return false;
  let sibling = false;
  for (const target of rerun.iterations) {
    if (target === path || target.startsWith(`${path}/`)) return false;
    if (target.startsWith(`${loop}[`)) sibling = true;
  }
  return sibling;
}

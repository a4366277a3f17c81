import type { ApiActivityRun } from '../../../src/server/api-types.js';

/** `Loop[3]` → `Loop`; undefined for a segment that is not an iteration (`Check(true)`). */
const loopName = (segment: string): string | undefined => /^(.+)\[\d+\]$/.exec(segment)?.[1];

/**
 * The ForEach iterations of a run (iteration paths as the run document writes them: `Loop[3]`,
 * `Outer[1]/Inner[2]`) holding an activity run whose last attempt failed, outer iterations included. What the UI
 * offers to rerun; the server judges each by ADF's leaf rule and refuses one that did not fail.
 */
export function failedForEachIterations(runs: readonly ApiActivityRun[]): ReadonlySet<string> {
  const forEach = new Set<string>();
  const last = new Map<string, ApiActivityRun>();
  for (const r of runs) {
    if (r.activityType === 'ForEach') forEach.add(`${r.iteration ?? ''}/${r.activityName}`);
    last.set(`${r.iteration ?? ''}\u0000${r.activityName}`, r);
  }
  const failed = new Set<string>();
  for (const r of last.values()) {
    if (r.status !== 'Failed' || r.iteration === undefined) continue;
    const segments = r.iteration.split('/');
    for (let i = 0; i < segments.length; i++) {
      const name = loopName(segments[i] ?? '');
      const parent = segments.slice(0, i).join('/');
      if (name !== undefined && forEach.has(`${parent}/${name}`))
        failed.add(segments.slice(0, i + 1).join('/'));
    }
  }
  return failed;
}

/** The innermost of `failed` that holds the activity run (its own iteration path or one above it). */
export function failedIterationOf(
  run: ApiActivityRun | undefined,
  failed: ReadonlySet<string>,
): string | undefined {
  const segments = run?.iteration?.split('/') ?? [];
  for (let n = segments.length; n > 0; n--) {
    const path = segments.slice(0, n).join('/');
    if (failed.has(path)) return path;
  }
  return undefined;
}

import type { ActivityRunRecord, ActivityRunStatus } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import type { PipelineResource } from '../model/index.js';
import { loopOf, resolveIterationPath } from './iteration-path.js';
import type { EffectiveStatus, ScopeOutcome } from './outcome.js';
import { judgeScope } from './outcome.js';
import type { ScopePlan } from './plan.js';
import { scopePlanOf } from './plan.js';
import type { PreviousActivity, RerunSource } from './rerun-source.js';
import type { ScopeState } from './run-state.js';

/** The status an earlier activity run showed its dependents (an inactive one: its `onInactiveMarkAs`). */
function effectiveStatus(p: PreviousActivity): EffectiveStatus {
  if (p.status === 'Inactive') return p.markedAs ?? 'Succeeded';
  if (p.status === 'Succeeded' || p.status === 'Skipped' || p.status === 'Cancelled') return p.status;
  return 'Failed';
}

/** How an earlier scope ended by ADF's leaf rule, judged on the activity list the pipeline has for it. */
function judgeEarlier(plan: ScopePlan, previous: ReadonlyMap<string, PreviousActivity>) {
  const statuses = new Map([...previous].map(([name, p]) => [name, effectiveStatus(p)] as const));
  return judgeScope(plan, statuses);
}

/** The ForEach iterations that failed in the earlier run, for messages (at most `limit`). */
function failedIterations(pipeline: PipelineResource, rerun: RerunSource, limit = 10): string[] {
  const failed: string[] = [];
  for (const [path, previous] of rerun.scopes) {
    if (failed.length === limit || loopOf(path) === undefined) continue;
    const scope = resolveIterationPath(pipeline.properties.activities, path);
    if (scope?.containerType.toLowerCase() !== 'foreach') continue;
    if (judgeEarlier(scopePlanOf(scope.activities), previous).status === 'Failed') failed.push(path);
  }
  return failed;
}

/**
 * Checks the iterations a rerun names: each must be a ForEach iteration (`Loop[3]`, nested `Outer[1]/Inner[2]`)
 * that the earlier run ran (`run/unknown-iteration`), not inside an Until (`run/iteration-in-until`: Until
 * iterations are not comparable across runs, so a rerun runs them all again) and that failed by ADF's leaf
 * rule (`run/iteration-not-failed`), judged on the pipeline as it is now.
 */
export function checkRerunIterations(pipeline: PipelineResource, rerun: RerunSource): void {
  const known = (): string => {
    const failed = failedIterations(pipeline, rerun);
    return failed.length === 0 ? 'no iteration failed' : `failed iterations: ${failed.join(', ')}`;
  };
  for (const path of rerun.iterations ?? []) {
    const scope =
      loopOf(path) === undefined ? undefined : resolveIterationPath(pipeline.properties.activities, path);
    const previous = rerun.scopes.get(path);
    if (scope?.containerType.toLowerCase() !== 'foreach' || !previous)
      throw new ConfigError({
        code: 'run/unknown-iteration',
        message: `run ${rerun.runId} of pipeline "${pipeline.name}" has no ForEach iteration "${path}" (${known()})`,
        hint: 'name it as the run document shows it: <ForEach name>[<index>], a nested one as Outer[1]/Inner[2]',
      });
    if (scope.enclosingUntil !== undefined)
      throw new ConfigError({
        code: 'run/iteration-in-until',
        message: `iteration "${path}" of run ${rerun.runId} is inside Until "${scope.enclosingUntil}", whose iterations a rerun always runs again in full`,
        hint: 'rerun from the failed activities (fromFailed) instead',
      });
    if (judgeEarlier(scopePlanOf(scope.activities), previous).status !== 'Failed')
      throw new ConfigError({
        code: 'run/iteration-not-failed',
        message: `iteration "${path}" of run ${rerun.runId} did not fail (${known()})`,
        hint: 'rerun from the failed activities (fromFailed), or the whole run',
      });
  }
}

const nestedIndex = new WeakMap<RerunSource, ReadonlyMap<string, readonly string[]>>();

/**
 * The scope paths nested in each scope of the earlier run (`Loop[3]` → `Loop[3]/Check(true)`, …), built once per
 * rerun, so replaying each of 10,000 iterations does not scan every scope.
 */
function nestedScopes(rerun: RerunSource): ReadonlyMap<string, readonly string[]> {
  let index = nestedIndex.get(rerun);
  if (!index) {
    const built = new Map<string, string[]>();
    for (const path of rerun.scopes.keys())
      for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
        const outer = path.slice(0, i);
        const list = built.get(outer);
        if (list) list.push(path);
        else built.set(outer, [path]);
      }
    index = built;
    nestedIndex.set(rerun, index);
  }
  return index;
}

/**
 * Replays an iteration the rerun keeps: records every activity run the earlier run recorded in it (nested ones
 * too, in the earlier order) as reused, with its status, output and error, executes nothing, and judges the
 * iteration as the earlier run ended it (ADF's leaf rule), so a failed one fails its ForEach again.
 */
export function replayIteration(scope: ScopeState): ScopeOutcome {
  const { run, iteration = '' } = scope;
  const kept: { path: string; name: string; previous: PreviousActivity }[] = [];
  const scopes = run.rerun?.scopes ?? new Map<string, ReadonlyMap<string, PreviousActivity>>();
  for (const path of [iteration, ...(run.rerun ? (nestedScopes(run.rerun).get(iteration) ?? []) : [])])
    for (const [name, previous] of scopes.get(path) ?? []) kept.push({ path, name, previous });
  kept.sort((a, b) => a.previous.seq - b.previous.seq);
  const now = run.options.clock.now();
  for (const { path, name, previous: p } of kept) {
    const record: ActivityRunRecord = {
      activityRunId: run.options.ids.newRunId(),
      runId: run.runId,
      seq: run.seq++,
      activityName: name,
      activityType: p.activityType,
      status: p.status as ActivityRunStatus,
      iteration: path,
      attempt: 1,
      start: now,
      end: now,
      ...(p.output === undefined ? {} : { output: p.output }),
      ...(p.error === undefined ? {} : { error: p.error }),
      reusedFrom: p.activityRunId,
      ...(p.markedAs === undefined ? {} : { markedAs: p.markedAs }),
    };
    run.emit({ kind: 'activity-started', activityRun: record, pipeline: run.pipeline.name });
    // What ran inside stays referenceable from the enclosing scopes, as after an executed iteration.
    scope.activities.set(name, {
      status: p.status === 'Inactive' ? (p.markedAs ?? 'Succeeded') : p.status,
      ...(p.output === undefined ? {} : { output: p.output }),
      ...(p.error === undefined ? {} : { error: { ...p.error } }),
    });
  }
  const previous = run.rerun?.scopes.get(iteration) ?? new Map<string, PreviousActivity>();
  const verdict = judgeEarlier(scope.plan, previous);
  if (verdict.status === 'Succeeded') return { status: 'Succeeded' };
  const failure = previous.get(verdict.failedNode?.activity.name ?? '')?.error;
  return { status: 'Failed', ...(failure ? { failure } : {}) };
}

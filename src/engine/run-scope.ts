import type { ActivityRunError } from '../contracts/index.js';
import { evaluateDynamic } from '../expressions/index.js';
import { recordFinalActivityRun } from './activity-record.js';
import { runActivity } from './activity-runner.js';
import type { ChildScopeResult, ChildScopeRunner } from './control/control-activity.js';
import type { EffectiveStatus, ScopeOutcome } from './outcome.js';
import { conditionMet, judgeScope } from './outcome.js';
import type { ActivityNode } from './plan.js';
import { replayIteration } from './rerun-iteration.js';
import { keptStatus } from './resume-activity.js';
import { createChildScope } from './run-state.js';
import type { ScopeState } from './run-state.js';

/**
 * Runs a nested activity list (ForEach/Until iteration, If/Switch branch) as a child scope of `parent`;
 * the result can evaluate expressions in that finished scope (Until's condition reads its activities).
 */
export const runChildScope: ChildScopeRunner = async (
  parent,
  activities,
  options,
): Promise<ChildScopeResult> => {
  const child = createChildScope(parent, activities, options);
  const outcome = child.replay ? replayIteration(child) : await runScope(child);
  // What ran inside a container stays referenceable after it, from the container's scope (ADF lets
  // `activity('InCase')` follow a Switch): the rule `validate` applies too (cicd/validate/rules/expressions.ts, `visibility`).
  // Names are unique in a pipeline; of a ForEach's iterations, the one that finished last is what shows.
  for (const [name, state] of child.activities) parent.activities.set(name, state);
  return { ...outcome, evaluate: (value) => evaluateDynamic(value, child.evalContext) };
};

/**
 * Runs one scope as a DAG, event-driven: an activity starts as soon as its last dependency ends and every
 * dependsOn entry is satisfied (AND across entries, OR within one); when an entry can no longer be
 * satisfied the activity is Skipped, which propagates. Independent activities run concurrently. After
 * cancellation nothing new starts. The scope is judged by ADF's leaf rule.
 */
export function runScope(scope: ScopeState): Promise<ScopeOutcome> {
  const { plan } = scope;
  if (plan.nodes.length === 0) return Promise.resolve({ status: 'Succeeded' });
  return new Promise((resolve) => {
    const remaining = new Map<ActivityNode, number>();
    const blocked = new Set<ActivityNode>();
    const reused = new Set<ActivityNode>();
    const statuses = new Map<string, EffectiveStatus>();
    let running = 0;

    const settle = (): void => {
      if (running > 0) return;
      if (scope.signal.aborted) {
        resolve({ status: 'Cancelled' });
        return;
      }
      const verdict = judgeScope(plan, statuses);
      if (verdict.status === 'Succeeded') resolve({ status: 'Succeeded' });
      else {
        const name = verdict.failedNode?.activity.name ?? '';
        const error = scope.activities.get(name)?.error as ActivityRunError | undefined;
        resolve({ status: 'Failed', ...(error ? { failure: error } : {}) });
      }
    };

    const finish = (node: ActivityNode, status: EffectiveStatus): void => {
      statuses.set(node.activity.name, status);
      if (scope.signal.aborted) return;
      for (const next of node.dependents) {
        const edge = next.deps.find((d) => d.upstream === node);
        if (edge && !conditionMet(status, edge.conditions)) blocked.add(next);
        const left = (remaining.get(next) ?? next.deps.length) - 1;
        remaining.set(next, left);
        if (left === 0) ready(next);
      }
    };

    const ready = (node: ActivityNode): void => {
      if (scope.signal.aborted) return;
      if (blocked.has(node)) {
        recordFinalActivityRun(scope, node.activity, 'Skipped');
        finish(node, 'Skipped');
        return;
      }
      const prev = scope.previous?.get(node.activity.name);
      if (scope.run.rerun?.resume === true && prev) {
        // A resumed run: what it recorded stands; what was running (or may still retry) goes on.
        const kept = keptStatus(scope, node, prev);
        if (kept !== undefined) {
          finish(node, kept);
          return;
        }
        running++;
        runActivity(node, scope, runChildScope, prev).then(done(node), failed(node));
        return;
      }
      // A deactivated activity never executes, so a rerun has nothing to redo there: what depends on it may
      // be reused as if it were (it is recorded again with its marked status by runActivity).
      if (node.activity.state === 'Inactive') reused.add(node);
      if (prev?.status === 'Succeeded' && node.deps.every((d) => reused.has(d.upstream))) {
        // Rerun from failed activity: keep what succeeded before, unless something upstream runs again.
        reused.add(node);
        recordFinalActivityRun(scope, node.activity, 'Succeeded', {
          reusedFrom: prev.activityRunId,
          ...(prev.output === undefined ? {} : { output: prev.output }),
        });
        finish(node, 'Succeeded');
        return;
      }
      running++;
      runActivity(node, scope, runChildScope).then(done(node), failed(node));
    };
    const done =
      (node: ActivityNode) =>
      (status: EffectiveStatus): void => {
        running--;
        finish(node, status);
        settle();
      };
    // runActivity records its own failures; reaching here is an engine bug. Count it as failed.
    const failed = (node: ActivityNode) => (): void => done(node)('Failed');

    for (const root of plan.roots) ready(root);
    settle();
  });
}

import type { ActivityRunError } from '../contracts/index.js';
import type { DependencyCondition } from '../model/index.js';
import type { ActivityNode, ScopePlan } from './plan.js';

/** How a scope ended, with the failure that decided it. */
export interface ScopeOutcome {
  readonly status: 'Succeeded' | 'Failed' | 'Cancelled';
  readonly failure?: ActivityRunError;
}

/** The status an activity ended with, as dependencies see it (inactive ones count as `onInactiveMarkAs`). */
export type EffectiveStatus = 'Succeeded' | 'Failed' | 'Skipped' | 'Cancelled';

/**
 * True when an upstream that ended with `status` satisfies one of `conditions` (OR within one dependsOn
 * entry). Completed = Succeeded or Failed; a Skipped upstream satisfies only Skipped; a Cancelled upstream
 * only Completed (ADF's dependency conditions, https://learn.microsoft.com/azure/data-factory/tutorial-pipeline-failure-error-handling).
 */
export function conditionMet(status: EffectiveStatus, conditions: ReadonlySet<DependencyCondition>): boolean {
  switch (status) {
    case 'Succeeded':
      return conditions.has('Succeeded') || conditions.has('Completed');
    case 'Failed':
      return conditions.has('Failed') || conditions.has('Completed');
    case 'Skipped':
      return conditions.has('Skipped');
    case 'Cancelled':
      return conditions.has('Completed');
  }
}

/** Outcome of a scope by ADF's leaf rule, with the node that decided a failure. */
export interface ScopeVerdict {
  readonly status: 'Succeeded' | 'Failed';
  /** The first evaluated node that did not succeed. */
  readonly failedNode?: ActivityNode;
}

/**
 * ADF's final-status rule (https://learn.microsoft.com/azure/data-factory/tutorial-pipeline-failure-error-handling): evaluate every leaf; a Skipped leaf is replaced by its parents,
 * recursively. The scope succeeded iff every evaluated node succeeded. Nodes that never ran are ignored.
 */
export function judgeScope(plan: ScopePlan, statuses: ReadonlyMap<string, EffectiveStatus>): ScopeVerdict {
  const seen = new Set<ActivityNode>();
  let failedNode: ActivityNode | undefined;
  const evaluate = (node: ActivityNode): void => {
    if (seen.has(node) || failedNode) return;
    seen.add(node);
    const status = statuses.get(node.activity.name);
    if (status === undefined || status === 'Succeeded') return;
    if (status === 'Skipped') {
      for (const d of node.deps) evaluate(d.upstream);
      return;
    }
    failedNode = node;
  };
  for (const leaf of plan.leaves) evaluate(leaf);
  return failedNode ? { status: 'Failed', failedNode } : { status: 'Succeeded' };
}

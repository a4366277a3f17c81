import type { Activity, DependencyCondition } from '../model/index.js';
import { MillraceError } from '../errors/index.js';

/** One dependency edge: the upstream node and the conditions (OR) it must end with. */
export interface DependencyEdge {
  readonly upstream: ActivityNode;
  readonly conditions: ReadonlySet<DependencyCondition>;
}

/** One activity in a compiled scope. */
export interface ActivityNode {
  readonly activity: Activity;
  /** Lower-case type, for dispatch. */
  readonly typeKey: string;
  readonly deps: readonly DependencyEdge[];
  readonly dependents: readonly ActivityNode[];
}

/**
 * A compiled scope (the pipeline's activities, or one nested list of a container): the dependency graph,
 * the roots (no dependsOn) and the leaves (nothing in the scope depends on them).
 */
export interface ScopePlan {
  readonly nodes: readonly ActivityNode[];
  readonly byName: ReadonlyMap<string, ActivityNode>;
  readonly roots: readonly ActivityNode[];
  readonly leaves: readonly ActivityNode[];
}

const CONDITIONS: Readonly<Record<string, DependencyCondition>> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  completed: 'Completed',
};

const cache = new WeakMap<readonly unknown[], ScopePlan>();

/** Compiles a scope once per activity list (ForEach iterations share the plan of their list). */
export function scopePlanOf(activities: readonly unknown[]): ScopePlan {
  let plan = cache.get(activities);
  if (!plan) {
    plan = compileScope(activities);
    cache.set(activities, plan);
  }
  return plan;
}

/**
 * Builds the plan of one scope. Throws `engine/unknown-dependency`, `engine/invalid-dependency-condition`
 * or `engine/dependency-cycle` (the validator reports these too; the engine refuses to run them).
 */
export function compileScope(list: readonly unknown[]): ScopePlan {
  const activities = list.map(asActivity);
  const mutable = new Map<
    string,
    { node: ActivityNode; deps: DependencyEdge[]; dependents: ActivityNode[] }
  >();
  for (const activity of activities) {
    const deps: DependencyEdge[] = [];
    const dependents: ActivityNode[] = [];
    const node: ActivityNode = { activity, typeKey: activity.type.toLowerCase(), deps, dependents };
    mutable.set(activity.name, { node, deps, dependents });
  }
  for (const { node, deps } of mutable.values()) {
    for (const dep of node.activity.dependsOn) {
      const upstream = mutable.get(dep.activity);
      if (!upstream) {
        throw new MillraceError({
          code: 'engine/unknown-dependency',
          message: `activity "${node.activity.name}" depends on unknown activity "${dep.activity}" (known: ${[...mutable.keys()].join(', ')})`,
        });
      }
      const conditions = new Set<DependencyCondition>();
      for (const c of dep.dependencyConditions.length ? dep.dependencyConditions : ['Succeeded']) {
        const known = CONDITIONS[String(c).toLowerCase()];
        if (!known) {
          throw new MillraceError({
            code: 'engine/invalid-dependency-condition',
            message: `activity "${node.activity.name}": unknown dependency condition "${String(c)}" (allowed: Succeeded, Failed, Skipped, Completed)`,
          });
        }
        conditions.add(known);
      }
      deps.push({ upstream: upstream.node, conditions });
      upstream.dependents.push(node);
    }
  }
  const nodes = [...mutable.values()].map((m) => m.node);
  checkAcyclic(nodes);
  return {
    nodes,
    byName: new Map(nodes.map((n) => [n.activity.name, n])),
    roots: nodes.filter((n) => n.deps.length === 0),
    leaves: nodes.filter((n) => n.dependents.length === 0),
  };
}

function checkAcyclic(nodes: readonly ActivityNode[]): void {
  const state = new Map<ActivityNode, 1 | 2>();
  const visit = (n: ActivityNode, path: string[]): void => {
    const s = state.get(n);
    if (s === 2) return;
    if (s === 1) {
      throw new MillraceError({
        code: 'engine/dependency-cycle',
        message: `dependency cycle: ${[...path, n.activity.name].join(' → ')}`,
      });
    }
    state.set(n, 1);
    for (const d of n.dependents) visit(d, [...path, n.activity.name]);
    state.set(n, 2);
  };
  for (const n of nodes) visit(n, []);
}

/** Reads a (possibly not normalized, e.g. nested) activity, defaulting `dependsOn` and `typeProperties`. */
function asActivity(value: unknown): Activity {
  const a = value as Partial<Activity> & { name?: unknown; type?: unknown };
  if (typeof a !== 'object' || a === null || typeof a.name !== 'string' || typeof a.type !== 'string') {
    throw new MillraceError({
      code: 'engine/invalid-activity',
      message: 'an activity needs a string name and type',
    });
  }
  if (Array.isArray(a.dependsOn) && a.typeProperties !== undefined) return a as Activity;
  return { ...a, dependsOn: a.dependsOn ?? [], typeProperties: a.typeProperties ?? {} } as Activity;
}

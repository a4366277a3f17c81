import type { PipelineResource } from '../../../model/index.js';
import type { Findings } from '../finding.js';
import { knownList } from '../finding.js';
import type { ActivityScope, PipelineLayout, ScopedActivity } from '../pipeline-scopes.js';

/**
 * The activity graph of a pipeline: names are unique across the whole pipeline (all nesting levels: ADF
 * addresses activities by name), `dependsOn` names an activity of the same scope, and there is no cycle.
 */
export function checkActivityGraph(
  pipeline: PipelineResource,
  layout: PipelineLayout,
  findings: Findings,
): void {
  const file = pipeline.file;
  const byName = new Map<string, ScopedActivity>();
  for (const sa of layout.activities) {
    const name = sa.activity.name;
    if (name === '') continue;
    const first = byName.get(name);
    if (first)
      findings.error(
        'validate/duplicate-activity-name',
        `activity name "${name}" is used twice in pipeline "${pipeline.name}" (first at ${pathText(first)}); activity names must be unique across the whole pipeline, nested activities included`,
        file,
        [...sa.path, 'name'],
      );
    else byName.set(name, sa);
  }
  for (const scope of layout.scopes) checkScope(scope, byName, file, findings);
}

function pathText(sa: ScopedActivity): string {
  return sa.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

function checkScope(
  scope: ActivityScope,
  byName: ReadonlyMap<string, ScopedActivity>,
  file: string,
  findings: Findings,
): void {
  const names = new Map(scope.activities.map((a, i) => [a.name, i]));
  const where = scope.container ? `inside "${scope.container.activity.name}"` : 'at the top level';
  scope.activities.forEach((a, i) => {
    // An inactive activity is not validated, dependencies included (its scope may be inactive too).
    if (!scope.active || a.state === 'Inactive') return;
    a.dependsOn.forEach((dep, j) => {
      if (typeof dep.activity !== 'string' || names.has(dep.activity)) return;
      const path = [...scope.path, i, 'dependsOn', j, 'activity'];
      const elsewhere = byName.get(dep.activity);
      if (elsewhere)
        findings.error(
          'validate/cross-scope-dependency',
          `activity "${a.name}" (${where}) depends on "${dep.activity}", which is in another scope (${elsewhere.scope.container ? `inside "${elsewhere.scope.container.activity.name}"` : 'at the top level'}); dependencies cannot cross container boundaries`,
          file,
          path,
        );
      else
        findings.error(
          'validate/unknown-dependency',
          `activity "${a.name}" depends on unknown activity "${dep.activity}" (${knownList([...names.keys()].filter((n) => n !== a.name))})`,
          file,
          path,
        );
    });
  });
  // Cycle detection: iterative colouring DFS, one finding per back edge.
  const colour = new Array<number>(scope.activities.length).fill(0);
  const stack: number[] = [];
  const dfs = (i: number): void => {
    colour[i] = 1;
    stack.push(i);
    const a = scope.activities[i];
    a?.dependsOn.forEach((dep, j) => {
      const k = names.get(dep.activity);
      if (k === undefined) return;
      if (colour[k] === 1) {
        const cycle = stack.slice(stack.indexOf(k)).map((x) => scope.activities[x]?.name ?? '?');
        findings.error(
          'validate/dependency-cycle',
          `dependency cycle: ${[...cycle.reverse(), cycle[0]].join(' → ')} (each activity waits for the next)`,
          file,
          [...scope.path, i, 'dependsOn', j, 'activity'],
        );
      } else if (colour[k] === 0) dfs(k);
    });
    stack.pop();
    colour[i] = 2;
  };
  for (let i = 0; i < scope.activities.length; i++) if (colour[i] === 0) dfs(i);
}

import type {
  DatasetResource,
  Factory,
  LinkedServiceResource,
  PipelineResource,
  TriggerResource,
} from '../../../model/index.js';
import type { JsonValue } from '../../../model/index.js';
import type { StaticScope } from '../expression-api.js';
import type { Findings } from '../finding.js';
import type { ActivityScope, PipelineLayout, ScopedActivity } from '../pipeline-scopes.js';
import { checkExpressionsIn, checkExpressionsInProperties } from './expression-walk.js';

/** Activity properties that are never evaluated as expressions. */
const NOT_EVALUATED = new Set([
  'name',
  'type',
  'description',
  'dependsOn',
  'state',
  'onInactiveMarkAs',
  'typeProperties',
]);
/** typeProperties keys holding nested activities (checked as activities of their own). */
const NESTED_KEYS = new Set([
  'activities',
  'ifTrueActivities',
  'ifFalseActivities',
  'defaultActivities',
  'cases',
]);

const UNTIL_SKIP = new Set([...NESTED_KEYS, 'expression']);
const FILTER_SKIP = new Set(['condition']);
const CONTAINERS = new Set(['ForEach', 'Until', 'IfCondition', 'Switch']);

/** Names upstream of each activity of a scope (transitively through dependsOn), memoized per name. */
function upstreamTable(scope: ActivityScope): (name: string) => ReadonlySet<string> {
  const byName = new Map(scope.activities.map((a) => [a.name, a]));
  const table = new Map<string, ReadonlySet<string>>();
  const compute = (name: string, visiting: Set<string>): ReadonlySet<string> => {
    const known = table.get(name);
    if (known) return known;
    const out = new Set<string>();
    visiting.add(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      out.add(dep.activity);
      if (!visiting.has(dep.activity)) for (const x of compute(dep.activity, visiting)) out.add(x);
    }
    visiting.delete(name);
    table.set(name, out);
    return out;
  };
  return (name) => compute(name, new Set());
}

/** Container name → names of every activity nested in it, at any depth. */
function descendantsByContainer(layout: PipelineLayout): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sa of layout.activities)
    for (let c = sa.scope.container; c; c = c.scope.container) {
      const list = out.get(c.activity.name) ?? [];
      list.push(sa.activity.name);
      out.set(c.activity.name, list);
    }
  return out;
}

/** What the expressions of each activity may reference, and what each container holds. */
interface Visibility {
  readonly visible: (sa: ScopedActivity) => ReadonlySet<string>;
  /** Container name → names of every activity nested in it. */
  readonly inner: ReadonlyMap<string, readonly string[]>;
}

/**
 * The activities an activity's expressions may reference: those upstream of it in its own scope and, since
 * what is upstream of an enclosing container has finished before anything inside it starts, those visible
 * to each enclosing container. Computed once per scope and activity, and only when an expression asks.
 */
function visibility(layout: PipelineLayout): Visibility {
  const inner = descendantsByContainer(layout);
  const tables = new Map<ActivityScope, (name: string) => ReadonlySet<string>>();
  const tableOf = (scope: ActivityScope): ((name: string) => ReadonlySet<string>) => {
    let table = tables.get(scope);
    if (!table) {
      table = upstreamTable(scope);
      tables.set(scope, table);
    }
    return table;
  };
  let warm = false;
  const memo = new Map<ScopedActivity, ReadonlySet<string>>();
  const visible = (sa: ScopedActivity): ReadonlySet<string> => {
    if (!warm) {
      // In document order: with a dependency cycle, what the memo holds depends on the order of the walk.
      for (const x of layout.activities) tableOf(x.scope)(x.activity.name);
      warm = true;
    }
    const known = memo.get(sa);
    if (known) return known;
    const out = new Set<string>();
    for (const x of tableOf(sa.scope)(sa.activity.name)) {
      out.add(x);
      // Activities nested in an upstream container have finished too, and ADF lets them be referenced.
      for (const y of inner.get(x) ?? []) out.add(y);
    }
    const container = sa.scope.container;
    if (container) for (const x of visible(container)) out.add(x);
    memo.set(sa, out);
    return out;
  };
  return { visible, inner };
}

/**
 * Checks every expression of a pipeline's activities with the scope ADF gives it: the pipeline's parameters
 * and variables, the global parameters (when the factory file is present), the activities upstream of it
 * in its own scope and in every enclosing scope, and `item()` only inside a ForEach.
 */
export function checkPipelineExpressions(
  pipeline: PipelineResource,
  layout: PipelineLayout,
  factory: Factory,
  findings: Findings,
): void {
  const props = pipeline.properties;
  const parameters = new Set(Object.keys(props.parameters));
  const variables = new Set(Object.keys(props.variables));
  const globalParameters = factory.hasFactoryFile
    ? new Set(Object.keys(factory.globalParameters))
    : undefined;
  const { visible, inner } = visibility(layout);
  const allActivities = new Set(layout.activities.map((x) => x.activity.name));
  const file = pipeline.file;
  for (const sa of layout.activities) {
    if (!sa.active) continue;
    const a = sa.activity;
    // `activities` is a getter: most expressions never name an activity, so most sets are never built.
    const scope: StaticScope = {
      parameters,
      variables,
      ...(globalParameters ? { globalParameters } : {}),
      get activities() {
        return visible(sa);
      },
      inForEach: sa.enclosing.includes('ForEach'),
      allActivities,
      activityName: a.name,
    };
    const site = { file, scope, activity: a.name };
    checkExpressionsInProperties(
      a as unknown as Readonly<Record<string, JsonValue>>,
      sa.path,
      NOT_EVALUATED,
      site,
      findings,
    );
    const tp = a.typeProperties;
    if (a.type === 'Until' && tp['expression'] !== undefined) {
      // The Until condition is evaluated after each pass of its body: the body's activities are visible.
      const until = { ...scope, activities: new Set([...visible(sa), ...(inner.get(a.name) ?? [])]) };
      checkExpressionsIn(
        tp['expression'],
        [...sa.path, 'typeProperties', 'expression'],
        { file, scope: until, activity: a.name },
        findings,
      );
    }
    if (a.type === 'Filter' && tp['condition'] !== undefined)
      // The Filter condition is evaluated per element: item() is the element.
      checkExpressionsIn(
        tp['condition'],
        [...sa.path, 'typeProperties', 'condition'],
        { file, scope: { ...scope, inForEach: true }, activity: a.name },
        findings,
      );
    const containerSkip =
      a.type === 'Filter'
        ? FILTER_SKIP
        : a.type === 'Until'
          ? UNTIL_SKIP
          : CONTAINERS.has(a.type)
            ? NESTED_KEYS
            : undefined;
    checkExpressionsIn(
      tp,
      [...sa.path, 'typeProperties'],
      containerSkip ? { ...site, skipKeys: containerSkip } : site,
      findings,
    );
  }
}

/** Dataset expressions see `dataset()` parameters. */
export function checkDatasetExpressions(ds: DatasetResource, findings: Findings): void {
  const scope: StaticScope = { datasetParameters: new Set(Object.keys(ds.properties.parameters)) };
  checkExpressionsIn(
    ds.properties as unknown as JsonValue,
    ds.propertiesPath,
    { file: ds.file, scope },
    findings,
  );
}

/** Linked-service expressions see `linkedService()` parameters. */
export function checkLinkedServiceExpressions(ls: LinkedServiceResource, findings: Findings): void {
  const scope: StaticScope = { linkedServiceParameters: new Set(Object.keys(ls.properties.parameters)) };
  checkExpressionsIn(
    ls.properties as unknown as JsonValue,
    ls.propertiesPath,
    { file: ls.file, scope },
    findings,
  );
}

/** Trigger parameter values see trigger() / triggerBody() only: syntax and functions are checked. */
export function checkTriggerExpressions(tr: TriggerResource, findings: Findings): void {
  checkExpressionsIn(
    tr.properties as unknown as JsonValue,
    tr.propertiesPath,
    { file: tr.file, scope: {} },
    findings,
  );
}

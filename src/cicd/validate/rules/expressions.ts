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
import { checkExpressionsIn } from './expression-walk.js';

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

/** Names upstream of each activity of a scope (transitively through dependsOn), memoized. */
function upstreamOf(
  scope: ActivityScope,
  memo: Map<ActivityScope, Map<string, ReadonlySet<string>>>,
): (name: string) => ReadonlySet<string> {
  let table = memo.get(scope);
  if (!table) {
    table = new Map();
    memo.set(scope, table);
  }
  const byName = new Map(scope.activities.map((a) => [a.name, a]));
  const t = table;
  const compute = (name: string, visiting: Set<string>): ReadonlySet<string> => {
    const known = t.get(name);
    if (known) return known;
    const out = new Set<string>();
    visiting.add(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      out.add(dep.activity);
      if (!visiting.has(dep.activity)) for (const x of compute(dep.activity, visiting)) out.add(x);
    }
    visiting.delete(name);
    t.set(name, out);
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
  const base = {
    parameters: new Set(Object.keys(props.parameters)),
    variables: new Set(Object.keys(props.variables)),
    ...(factory.hasFactoryFile ? { globalParameters: new Set(Object.keys(factory.globalParameters)) } : {}),
  };
  const memo = new Map<ActivityScope, Map<string, ReadonlySet<string>>>();
  const inner = descendantsByContainer(layout);
  const visibleActivities = (sa: ScopedActivity): Set<string> => {
    const out = new Set<string>();
    const addUpstream = (scope: ActivityScope, name: string): void => {
      for (const x of upstreamOf(scope, memo)(name)) {
        out.add(x);
        // Activities nested in an upstream container have finished too, and ADF lets them be referenced.
        for (const y of inner.get(x) ?? []) out.add(y);
      }
    };
    addUpstream(sa.scope, sa.activity.name);
    // What is upstream of an enclosing container has finished before anything inside it starts.
    for (let c = sa.scope.container; c; c = c.scope.container) addUpstream(c.scope, c.activity.name);
    return out;
  };
  for (const sa of layout.activities) {
    const a = sa.activity;
    const scope: StaticScope = {
      ...base,
      activities: visibleActivities(sa),
      inForEach: sa.enclosing.includes('ForEach'),
    };
    const site = { file: pipeline.file, scope };
    const raw = a as unknown as Readonly<Record<string, JsonValue>>;
    for (const key of Object.keys(raw)) {
      const v = raw[key];
      if (NOT_EVALUATED.has(key) || v === undefined) continue;
      checkExpressionsIn(v, [...sa.path, key], site, findings);
    }
    const tp = a.typeProperties;
    if (a.type === 'Until' && tp['expression'] !== undefined) {
      // The Until condition is evaluated after each pass of its body: the body's activities are visible.
      const until = {
        ...scope,
        activities: new Set([...(scope.activities ?? []), ...(inner.get(a.name) ?? [])]),
      };
      checkExpressionsIn(
        tp['expression'],
        [...sa.path, 'typeProperties', 'expression'],
        { file: pipeline.file, scope: until },
        findings,
      );
    }
    if (a.type === 'Filter' && tp['condition'] !== undefined)
      // The Filter condition is evaluated per element: item() is the element.
      checkExpressionsIn(
        tp['condition'],
        [...sa.path, 'typeProperties', 'condition'],
        { file: pipeline.file, scope: { ...scope, inForEach: true } },
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

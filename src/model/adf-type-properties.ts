import { ACTIVITY_TYPES } from './activity-types.js';
import { shapes as s } from './type-properties-shape.js';
import type { TypePropertiesShape } from './type-properties-shape.js';

/**
 * The `typeProperties` shapes of the ADF activity types that no activity definition declares: the
 * control-flow types the engine runs and the types Millrace loads but does not run
 * (https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities and the page of each type).
 * The types with an executor declare theirs in their `ActivityDefinition` (activities/<name>/), and the app
 * passes those to `parseFactory`.
 */
export const ADF_TYPE_PROPERTIES: Readonly<Record<string, TypePropertiesShape>> = {
  ExecutePipeline: {
    pipeline: s.reference('PipelineReference'),
    parameters: s.optional(s.anyObject()),
    waitOnCompletion: s.optional(s.dynamicBoolean()),
  },
  IfCondition: {
    expression: s.expression(),
    ifTrueActivities: s.optional(s.activities()),
    ifFalseActivities: s.optional(s.activities()),
  },
  Switch: {
    on: s.expression(),
    cases: s.optional(s.arrayOf(s.fields({ value: s.string(), activities: s.optional(s.activities()) }))),
    defaultActivities: s.optional(s.activities()),
  },
  ForEach: {
    items: s.expression(),
    isSequential: s.optional(s.dynamicBoolean()),
    batchCount: s.optional(s.dynamicNumber()),
    activities: s.activities(),
  },
  Until: { expression: s.expression(), timeout: s.optional(s.dynamicString()), activities: s.activities() },
  Wait: { waitTimeInSeconds: s.dynamicNumber() },
  Fail: { message: s.dynamicString(), errorCode: s.optional(s.dynamicString()) },
  Validation: {
    dataset: s.reference('DatasetReference'),
    timeout: s.optional(s.dynamicString()),
    sleep: s.optional(s.dynamicNumber()),
    minimumSize: s.optional(s.dynamicNumber()),
    childItems: s.optional(s.dynamicBoolean()),
  },
  Filter: { items: s.expression(), condition: s.expression() },
  SetVariable: {
    variableName: s.string('SetVariable needs a "variableName"'),
    value: s.optional(s.any()),
    setSystemVariable: s.optional(s.boolean()),
  },
  AppendVariable: {
    variableName: s.string('AppendVariable needs a "variableName"'),
    value: s.optional(s.any()),
  },
  SqlServerStoredProcedure: {
    storedProcedureName: s.dynamicString(),
    storedProcedureParameters: s.optional(s.any()),
  },
  DatabricksSparkJar: {
    mainClassName: s.dynamicString(),
    parameters: s.optional(s.anyArray()),
    libraries: s.optional(s.libraries()),
  },
  AzureMLExecutePipeline: {
    mlPipelineId: s.optional(s.dynamicString()),
    mlPipelineEndpointId: s.optional(s.dynamicString()),
    experimentName: s.optional(s.dynamicString()),
    mlPipelineParameters: s.optional(s.any()),
  },
  // Git exports spell it `dataflow`; the REST API `dataFlow`. Both load.
  ExecuteDataFlow: {
    dataflow: s.optional(s.reference('DataFlowReference')),
    dataFlow: s.optional(s.reference('DataFlowReference')),
  },
  SynapseNotebook: { notebook: s.reference('NotebookReference') },
};

/**
 * Every checked activity type's shape: ADF's own (`ADF_TYPE_PROPERTIES`) and those the registered
 * definitions declare (`declared`, by canonical type; a declared shape wins), in the order of
 * `ACTIVITY_TYPES`, then the other declared types (plugins) by name.
 */
export function activityTypeProperties(
  declared: Readonly<Record<string, TypePropertiesShape>> = {},
): Readonly<Record<string, TypePropertiesShape>> {
  const all: Record<string, TypePropertiesShape> = { ...ADF_TYPE_PROPERTIES, ...declared };
  const known = new Set<string>(ACTIVITY_TYPES);
  const order = [
    ...ACTIVITY_TYPES,
    ...Object.keys(all)
      .filter((t) => !known.has(t))
      .sort(),
  ];
  const out: Record<string, TypePropertiesShape> = {};
  for (const type of order) {
    const shape = Object.hasOwn(all, type) ? all[type] : undefined;
    if (shape !== undefined) out[type] = shape;
  }
  return out;
}

const lowerCased = new WeakMap<object, ReadonlyMap<string, TypePropertiesShape>>();

/** The shape of an activity's `type` in `table`, matched case-insensitively as the engine matches executors. */
export function typePropertiesShapeOf(
  table: Readonly<Record<string, TypePropertiesShape>>,
  type: string,
): TypePropertiesShape | undefined {
  let byLower = lowerCased.get(table);
  if (byLower === undefined) {
    byLower = new Map(Object.entries(table).map(([t, shape]) => [t.toLowerCase(), shape]));
    lowerCased.set(table, byLower);
  }
  return byLower.get(type.toLowerCase());
}

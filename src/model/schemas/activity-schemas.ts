import { z } from 'zod';
import {
  anyObject,
  datasetReferenceSchema,
  dynamicBoolean,
  dynamicNumber,
  dynamicString,
  expressionObjectSchema,
  expressionSchema,
  linkedServiceReferenceSchema,
  pipelineReferenceSchema,
  referenceSchema,
} from './common-schemas.js';

/** Schemas of activities: the common shape (https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities#activity-json) and the typeProperties of each known type. */

export { ACTIVITY_TYPES } from '../activity-types.js';

/** The common activity shape; `typeProperties` is checked per type. */
export const activityBaseSchema = z.looseObject({
  name: z.string({ error: 'an activity needs a string "name"' }).min(1, { error: 'activity name is empty' }),
  type: z.string({ error: 'an activity needs a string "type"' }),
  description: z.string().optional(),
  state: z.enum(['Active', 'Inactive'], { error: 'expected "Active" or "Inactive"' }).optional(),
  onInactiveMarkAs: z.enum(['Succeeded', 'Failed', 'Skipped'], { error: 'expected Succeeded, Failed or Skipped' }).optional(),
  dependsOn: z
    .array(
      z.looseObject({
        activity: z.string({ error: 'dependsOn needs the name of an activity' }),
        dependencyConditions: z.array(
          z.enum(['Succeeded', 'Failed', 'Skipped', 'Completed'], {
            error: 'expected Succeeded, Failed, Skipped or Completed',
          }),
        ),
      }),
    )
    .optional(),
  userProperties: z.array(z.unknown()).optional(),
  linkedServiceName: linkedServiceReferenceSchema.optional(),
  policy: z
    .looseObject({
      timeout: dynamicString.optional(),
      retry: dynamicNumber.optional(),
      retryIntervalInSeconds: dynamicNumber.optional(),
      secureInput: z.boolean().optional(),
      secureOutput: z.boolean().optional(),
    })
    .optional(),
  inputs: z.array(datasetReferenceSchema).optional(),
  outputs: z.array(datasetReferenceSchema).optional(),
  typeProperties: anyObject.optional(),
});

/**
 * typeProperties schemas by canonical type, built around `nested` (the schema of a nested activity): the
 * loader passes a permissive one and checks nested activities itself; the JSON Schema export passes a lazy
 * recursive one. Types not listed here load with any typeProperties.
 */
export function typePropertiesSchemas(nested: z.ZodType): Readonly<Record<string, z.ZodObject>> {
  const activities = z.array(nested);
  const o = z.looseObject;
  const libraries = z.union([z.array(anyObject), expressionObjectSchema]);
  return {
    ExecutePipeline: o({
      pipeline: pipelineReferenceSchema,
      parameters: anyObject.optional(),
      waitOnCompletion: dynamicBoolean.optional(),
    }),
    IfCondition: o({
      expression: expressionSchema,
      ifTrueActivities: activities.optional(),
      ifFalseActivities: activities.optional(),
    }),
    Switch: o({
      on: expressionSchema,
      cases: z.array(o({ value: z.string(), activities: activities.optional() })).optional(),
      defaultActivities: activities.optional(),
    }),
    ForEach: o({
      items: expressionSchema,
      isSequential: dynamicBoolean.optional(),
      batchCount: dynamicNumber.optional(),
      activities,
    }),
    Until: o({ expression: expressionSchema, timeout: dynamicString.optional(), activities }),
    Wait: o({ waitTimeInSeconds: dynamicNumber }),
    Fail: o({ message: dynamicString, errorCode: dynamicString.optional() }),
    Validation: o({
      dataset: datasetReferenceSchema,
      timeout: dynamicString.optional(),
      sleep: dynamicNumber.optional(),
      minimumSize: dynamicNumber.optional(),
      childItems: dynamicBoolean.optional(),
    }),
    Filter: o({ items: expressionSchema, condition: expressionSchema }),
    SetVariable: o({
      variableName: z.string({ error: 'SetVariable needs a "variableName"' }),
      value: z.unknown().optional(),
      setSystemVariable: z.boolean().optional(),
    }),
    AppendVariable: o({
      variableName: z.string({ error: 'AppendVariable needs a "variableName"' }),
      value: z.unknown().optional(),
    }),
    WebHook: o({ url: dynamicString, method: z.string().optional(), timeout: z.string().optional() }),
    Copy: o({
      source: o({ type: z.string() }),
      sink: o({ type: z.string() }),
      translator: z.unknown().optional(),
      enableStaging: dynamicBoolean.optional(),
      parallelCopies: dynamicNumber.optional(),
      dataIntegrationUnits: dynamicNumber.optional(),
    }),
    Lookup: o({ source: o({ type: z.string() }), dataset: datasetReferenceSchema, firstRowOnly: dynamicBoolean.optional() }),
    GetMetadata: o({ dataset: datasetReferenceSchema, fieldList: z.array(z.unknown()).optional() }),
    Delete: o({ dataset: datasetReferenceSchema, recursive: dynamicBoolean.optional() }),
    WebActivity: o({
      method: z.string({ error: 'WebActivity needs a "method"' }),
      url: dynamicString,
      headers: z.unknown().optional(),
      body: z.unknown().optional(),
      authentication: anyObject.optional(),
      datasets: z.array(datasetReferenceSchema).optional(),
      linkedServices: z.array(linkedServiceReferenceSchema).optional(),
    }),
    Script: o({
      scripts: z
        .array(o({ text: dynamicString, type: z.string().optional(), parameters: z.array(anyObject).optional() }))
        .optional(),
      scriptBlockExecutionTimeout: dynamicString.optional(),
    }),
    SqlServerStoredProcedure: o({
      storedProcedureName: dynamicString,
      storedProcedureParameters: z.unknown().optional(),
    }),
    DatabricksNotebook: o({
      notebookPath: dynamicString,
      baseParameters: anyObject.optional(),
      libraries: libraries.optional(),
    }),
    DatabricksSparkJar: o({
      mainClassName: dynamicString,
      parameters: z.array(z.unknown()).optional(),
      libraries: libraries.optional(),
    }),
    DatabricksSparkPython: o({
      pythonFile: dynamicString,
      parameters: z.array(z.unknown()).optional(),
      libraries: libraries.optional(),
    }),
    AzureMLExecutePipeline: o({
      mlPipelineId: dynamicString.optional(),
      mlPipelineEndpointId: dynamicString.optional(),
      experimentName: dynamicString.optional(),
      mlPipelineParameters: z.unknown().optional(),
    }),
    AzureFunctionActivity: o({
      functionName: dynamicString,
      method: z.string(),
      headers: z.unknown().optional(),
      body: z.unknown().optional(),
    }),
    // Git exports spell it `dataflow`; the REST API `dataFlow`. Both load.
    ExecuteDataFlow: o({
      dataflow: referenceSchema('DataFlowReference').optional(),
      dataFlow: referenceSchema('DataFlowReference').optional(),
    }),
    Custom: o({ command: dynamicString, resourceLinkedService: linkedServiceReferenceSchema.optional() }),
    SynapseNotebook: o({ notebook: referenceSchema('NotebookReference') }),
  };
}

/** typeProperties schemas used by the loader (nested activities are checked one by one by the walker). */
export const TYPE_PROPERTIES_SCHEMAS = typePropertiesSchemas(z.unknown());

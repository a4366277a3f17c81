import { z } from 'zod';
import { activityBaseSchema } from './activity-schemas.js';
import {
  anyObject,
  dynamicString,
  folderSchema,
  globalParameterSpecSchema,
  linkedServiceReferenceSchema,
  parametersSchema,
  pipelineReferenceSchema,
  referenceSchema,
  variableSpecSchema,
} from './common-schemas.js';

/** Schemas of the `properties` of each resource kind (pipelines, datasets, linked services, triggers, global parameters: https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities and the pages it links). All loose. */

export const pipelinePropertiesSchema = z
  .looseObject({
    description: z.string().optional(),
    activities: z.array(activityBaseSchema).optional(),
    parameters: parametersSchema.optional(),
    variables: z.record(z.string(), variableSpecSchema).optional(),
    concurrency: z.number().int().min(1).optional(),
    annotations: z.array(z.unknown()).optional(),
    folder: folderSchema.optional(),
  })
  .meta({ id: 'PipelineProperties' });

export const datasetPropertiesSchema = z
  .looseObject({
    type: z.string({ error: 'a dataset needs a "type" (DelimitedText, Parquet, Json, Binary, AzureSqlTable…)' }),
    linkedServiceName: linkedServiceReferenceSchema,
    parameters: parametersSchema.optional(),
    typeProperties: anyObject.optional(),
    schema: z.unknown().optional(),
    structure: z.unknown().optional(),
    annotations: z.array(z.unknown()).optional(),
    folder: folderSchema.optional(),
  })
  .meta({ id: 'DatasetProperties' });

/**
 * A Synapse dataset of a dedicated SQL pool (`SqlPoolTable`): it names its pool with `sqlPool` (a
 * `SqlPoolReference`) and has no `linkedServiceName`
 * (https://learn.microsoft.com/rest/api/synapse/artifacts/dataset/create-or-update-dataset).
 */
export const sqlPoolDatasetPropertiesSchema = datasetPropertiesSchema.extend({
  linkedServiceName: linkedServiceReferenceSchema.optional(),
  sqlPool: referenceSchema('SqlPoolReference'),
});

export const linkedServicePropertiesSchema = z
  .looseObject({
    type: z.string({ error: 'a linked service needs a "type" (AzureBlobStorage, FileServer, AzureDatabricks…)' }),
    typeProperties: anyObject.optional(),
    parameters: parametersSchema.optional(),
    connectVia: referenceSchema('IntegrationRuntimeReference').optional(),
    annotations: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'LinkedServiceProperties' });

const triggerPipelineSchema = z.looseObject({
  pipelineReference: pipelineReferenceSchema,
  parameters: anyObject.optional(),
});

export const triggerPropertiesSchema = z
  .looseObject({
    type: z.string({
      error: 'a trigger needs a "type" (ScheduleTrigger, TumblingWindowTrigger, BlobEventsTrigger, CustomEventsTrigger)',
    }),
    description: z.string().optional(),
    runtimeState: z.enum(['Started', 'Stopped', 'Disabled'], { error: 'expected Started, Stopped or Disabled' }).optional(),
    pipelines: z.array(triggerPipelineSchema).optional(),
    pipeline: triggerPipelineSchema.optional(),
    typeProperties: anyObject.optional(),
    annotations: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'TriggerProperties' });

/** Trigger typeProperties by type: the fields ADF requires. */
export const TRIGGER_TYPE_PROPERTIES_SCHEMAS: Readonly<Record<string, z.ZodObject>> = {
  ScheduleTrigger: z.looseObject({
    recurrence: z.looseObject({
      frequency: z.string({ error: 'a schedule needs a "frequency" (Minute, Hour, Day, Week, Month)' }),
      interval: z.union([z.number(), z.string()]).optional(),
      startTime: z.string().optional(),
      endTime: z.string().optional(),
      timeZone: z.string().optional(),
      schedule: anyObject.optional(),
    }),
  }),
  TumblingWindowTrigger: z.looseObject({
    frequency: z.string(),
    interval: z.number(),
    startTime: z.string(),
    endTime: z.string().optional(),
    delay: z.string().optional(),
    maxConcurrency: z.number().optional(),
    dependsOn: z.array(anyObject).optional(),
  }),
  BlobEventsTrigger: z.looseObject({
    events: z.array(z.string()),
    scope: dynamicString.optional(),
    blobPathBeginsWith: z.string().optional(),
    blobPathEndsWith: z.string().optional(),
    ignoreEmptyBlobs: z.boolean().optional(),
  }),
  CustomEventsTrigger: z.looseObject({
    events: z.array(z.unknown()),
    scope: dynamicString.optional(),
    subjectBeginsWith: z.string().optional(),
    subjectEndsWith: z.string().optional(),
  }),
};

/** The factory file (`factory/<name>.json`): global parameters. */
export const factoryPropertiesSchema = z
  .looseObject({ globalParameters: z.record(z.string(), globalParameterSpecSchema).optional() })
  .meta({ id: 'FactoryProperties' });

/** Properties of resources Millrace does not model in detail (data flows, IRs, credentials…). */
export const genericPropertiesSchema = z.looseObject({ type: z.string().optional() });

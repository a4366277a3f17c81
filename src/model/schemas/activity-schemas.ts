import { z } from 'zod';
import {
  anyObject,
  datasetReferenceSchema,
  dynamicNumber,
  dynamicString,
  linkedServiceReferenceSchema,
} from './common-schemas.js';

/**
 * The common shape of an activity (https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities#activity-json).
 * Its `typeProperties` are checked per type with the schemas `type-properties-schema.ts` makes from the
 * types' shapes.
 */

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

import { z } from 'zod';
import { activityBaseSchema, typePropertiesSchemas } from './activity-schemas.js';
import {
  datasetPropertiesSchema,
  factoryPropertiesSchema,
  linkedServicePropertiesSchema,
  pipelinePropertiesSchema,
  triggerPropertiesSchema,
} from './resource-schemas.js';

/**
 * JSON Schema documents generated from the zod schemas, one per resource kind, for editors
 * (`"$schema"` / VS Code `json.schemas`). Activities are recursive: container bodies hold activities.
 */

const activitySchema: z.ZodType = z.lazy(() =>
  z.union([
    ...Object.entries(typePropertiesSchemas(activitySchema)).map(([type, tp]) =>
      activityBaseSchema.extend({ type: z.literal(type), typeProperties: tp }),
    ),
    activityBaseSchema,
  ]),
);

function resourceFile(properties: z.ZodType, title: string): z.ZodType {
  return z
    .looseObject({ name: z.string(), type: z.string().optional(), properties })
    .meta({ title, description: `An ADF ${title.toLowerCase()} file (ADF git layout)` });
}

/** File name (without `.schema.json`) → JSON Schema object. */
export function generateJsonSchemas(): Record<string, unknown> {
  const pipeline = resourceFile(pipelinePropertiesSchema.extend({ activities: z.array(activitySchema).optional() }), 'Pipeline');
  const out: Record<string, z.ZodType> = {
    pipeline,
    dataset: resourceFile(datasetPropertiesSchema, 'Dataset'),
    'linked-service': resourceFile(linkedServicePropertiesSchema, 'Linked service'),
    trigger: resourceFile(triggerPropertiesSchema, 'Trigger'),
    factory: resourceFile(factoryPropertiesSchema, 'Factory'),
  };
  return Object.fromEntries(
    Object.entries(out).map(([name, schema]) => [
      name,
      z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', cycles: 'ref', reused: 'inline' }),
    ]),
  );
}

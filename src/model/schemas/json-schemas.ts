import { z } from 'zod';
import { activityTypeProperties } from '../adf-type-properties.js';
import type { TypePropertiesShape } from '../type-properties-shape.js';
import { activityBaseSchema } from './activity-schemas.js';
import { typePropertiesSchemas } from './type-properties-schema.js';
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

/** An activity: one branch per checked type (its typeProperties from the type's shape), then any other type. */
function activitySchemaOf(typeProperties: Readonly<Record<string, TypePropertiesShape>>): z.ZodType {
  const activity: z.ZodType = z.lazy(() =>
    z.union([
      ...Object.entries(typePropertiesSchemas(typeProperties, activity)).map(([type, tp]) =>
        activityBaseSchema.extend({ type: z.literal(type), typeProperties: tp }),
      ),
      activityBaseSchema,
    ]),
  );
  return activity;
}

function resourceFile(properties: z.ZodType, title: string): z.ZodType {
  return z
    .looseObject({ name: z.string(), type: z.string().optional(), properties })
    .meta({ title, description: `An ADF ${title.toLowerCase()} file (ADF git layout)` });
}

/**
 * File name (without `.schema.json`) → JSON Schema object. `activityTypes` are the shapes the activity
 * definitions declare (`builtinActivityTypeProperties` for the committed files), besides ADF's own.
 */
export function generateJsonSchemas(
  activityTypes: Readonly<Record<string, TypePropertiesShape>> = {},
): Record<string, unknown> {
  const activitySchema = activitySchemaOf(activityTypeProperties(activityTypes));
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

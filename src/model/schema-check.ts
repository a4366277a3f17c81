import { z } from 'zod';
import type { JsonPath } from '../errors/index.js';
import { activityTypeProperties } from './adf-type-properties.js';
import { childScopes } from './activity-scopes.js';
import { isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import { activityBaseSchema } from './schemas/activity-schemas.js';
import {
  datasetPropertiesSchema,
  factoryPropertiesSchema,
  sqlPoolDatasetPropertiesSchema,
  linkedServicePropertiesSchema,
  pipelinePropertiesSchema,
  TRIGGER_TYPE_PROPERTIES_SCHEMAS,
  triggerPropertiesSchema,
} from './schemas/resource-schemas.js';
import { typePropertiesSchemas } from './schemas/type-properties-schema.js';
import type { TypePropertiesShape } from './type-properties-shape.js';
import { canonicalActivityType } from './type-names.js';
import type { ResourceKind } from './types.js';

/** A schema finding before it gets a file and a line: rule id, JSON path (from the file root), message. */
export interface SchemaIssue {
  readonly code: 'model/missing-property' | 'model/invalid-value';
  readonly path: JsonPath;
  readonly message: string;
}

/** The pipeline schema without activity checks: activities are checked one by one (per type, inactive-aware). */
const pipelineShellSchema = pipelinePropertiesSchema.extend({ activities: z.array(z.unknown()).optional() });

function valueAt(root: JsonValue, path: readonly PropertyKey[]): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const k of path) {
    if (Array.isArray(cur) && typeof k === 'number') cur = (cur as readonly JsonValue[])[k];
    else if (isJsonObject(cur) && typeof k === 'string') cur = cur[k];
    else return undefined;
  }
  return cur;
}

function check(
  schema: z.ZodType,
  value: JsonValue,
  prefix: JsonPath,
  out: SchemaIssue[],
  /** Names what the issues are about (e.g. `activity "CopyIt": `), prefixed to each message. */
  label = '',
): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const rel = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const path = [...prefix, ...rel];
    const missing = rel.length > 0 && valueAt(value, rel) === undefined;
    const key = rel[rel.length - 1];
    out.push(
      missing
        ? {
            code: 'model/missing-property',
            path,
            message: `${label}missing required property "${String(key)}"${issue.message.startsWith('Invalid') ? '' : ` (${issue.message})`}`,
          }
        : { code: 'model/invalid-value', path, message: `${label}${issue.message}` },
    );
  }
}

/** The loader's typeProperties schemas of a table of shapes (nested activities are checked one by one). */
const loaderSchemas = new WeakMap<object, ReadonlyMap<string, z.ZodObject>>();

function checkActivities(
  activities: JsonValue | undefined,
  prefix: JsonPath,
  out: SchemaIssue[],
  /** By lower-case type: types match case-insensitively, as the engine matches executors. */
  schemas: ReadonlyMap<string, z.ZodObject>,
  insideInactive = false,
): void {
  if (!Array.isArray(activities)) return;
  (activities as readonly JsonValue[]).forEach((a, i) => {
    const path = [...prefix, i];
    const label = isJsonObject(a) && typeof a['name'] === 'string' ? `activity "${a['name']}": ` : '';
    check(activityBaseSchema, a, path, out, label);
    if (!isJsonObject(a) || typeof a['type'] !== 'string') return;
    const type = canonicalActivityType(a['type']);
    // An inactive activity and everything nested in it are not validated: ADF lets their required settings be
    // missing (https://learn.microsoft.com/azure/data-factory/deactivate-activity).
    const inactive = insideInactive || a['state'] === 'Inactive';
    if (!inactive) {
      const tpSchema = schemas.get(type.toLowerCase());
      if (tpSchema) check(tpSchema, a['typeProperties'] ?? {}, [...path, 'typeProperties'], out, label);
    }
    for (const scope of childScopes(a, type))
      checkActivities(scope.activities, [...path, ...scope.path], out, schemas, inactive);
  });
}

/**
 * Checks a resource's `properties` against the schema of its kind; `prefix` is the path to `properties`.
 * Activities' `typeProperties` are checked with the schemas of `typeProperties` (by canonical type, from
 * `activityTypeProperties`; default: ADF's own types only).
 */
export function checkResourceSchema(
  kind: ResourceKind,
  properties: JsonObject,
  prefix: JsonPath,
  typeProperties: Readonly<Record<string, TypePropertiesShape>> = activityTypeProperties(),
): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  switch (kind) {
    case 'pipeline':
      check(pipelineShellSchema, properties, prefix, out);
      {
        let schemas = loaderSchemas.get(typeProperties);
        if (schemas === undefined) {
          const byType = typePropertiesSchemas(typeProperties, z.unknown());
          schemas = new Map(Object.entries(byType).map(([t, schema]) => [t.toLowerCase(), schema]));
          loaderSchemas.set(typeProperties, schemas);
        }
        checkActivities(properties['activities'], [...prefix, 'activities'], out, schemas);
      }
      break;
    case 'dataset':
      check(
        properties['sqlPool'] === undefined ? datasetPropertiesSchema : sqlPoolDatasetPropertiesSchema,
        properties,
        prefix,
        out,
      );
      break;
    case 'linkedService':
      check(linkedServicePropertiesSchema, properties, prefix, out);
      break;
    case 'trigger': {
      check(triggerPropertiesSchema, properties, prefix, out);
      const schema =
        typeof properties['type'] === 'string'
          ? TRIGGER_TYPE_PROPERTIES_SCHEMAS[properties['type']]
          : undefined;
      if (schema) check(schema, properties['typeProperties'] ?? {}, [...prefix, 'typeProperties'], out);
      break;
    }
    case 'factory':
      check(factoryPropertiesSchema, properties, prefix, out);
      break;
    default:
      break;
  }
  return out;
}

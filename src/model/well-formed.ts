import { activityTypeProperties, typePropertiesShapeOf } from './adf-type-properties.js';
import { childScopes } from './activity-scopes.js';
import { isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import {
  arrayOf,
  ciEnum,
  isAny,
  isArray,
  isBoolean,
  isDynamicNumber,
  isDynamicString,
  isFolder,
  isNumber,
  isObject,
  isReference,
  isString,
  oneOf,
  opt,
  own,
  recordOf,
  shape,
} from './shape-guards.js';
import type { Guard } from './shape-guards.js';
import { typePropertiesGuard } from './type-properties-shape.js';
import type { TypePropertiesShape } from './type-properties-shape.js';
import { canonicalActivityType } from './type-names.js';
import type { ResourceKind } from './types.js';

/**
 * The fast structural check: true when a resource's `properties` certainly pass the zod schemas of
 * schemas/ (the source of truth), without loading zod. A mirror of those schemas in plain predicates (the
 * activities' `typeProperties`: guards derived from the same shapes as their schemas);
 * when it says false, schema-check.ts runs the zod schemas to produce the findings. It may reject more
 * than zod (that only costs time), never accept more (well-formed.test.ts compares the two).
 */

const parameters = recordOf(
  shape({ type: ciEnum(['String', 'Int', 'Float', 'Bool', 'Array', 'Object', 'SecureString']) }),
);
const variables = recordOf(shape({ type: ciEnum(['String', 'Bool', 'Boolean', 'Array', 'Integer', 'Int']) }));
const globalParameters = recordOf(
  shape({ type: ciEnum(['String', 'Int', 'Float', 'Bool', 'Array', 'Object']) }),
);

const activityBase = shape({
  name: (v) => typeof v === 'string' && v !== '',
  type: isString,
  description: opt(isString),
  state: opt(oneOf(['Active', 'Inactive'])),
  onInactiveMarkAs: opt(oneOf(['Succeeded', 'Failed', 'Skipped'])),
  dependsOn: opt(
    arrayOf(
      shape({
        activity: isString,
        dependencyConditions: arrayOf(oneOf(['Succeeded', 'Failed', 'Skipped', 'Completed'])),
      }),
    ),
  ),
  userProperties: opt(isArray),
  linkedServiceName: opt(isReference),
  policy: opt(
    shape({
      timeout: opt(isDynamicString),
      retry: opt(isDynamicNumber),
      retryIntervalInSeconds: opt(isDynamicNumber),
      secureInput: opt(isBoolean),
      secureOutput: opt(isBoolean),
    }),
  ),
  inputs: opt(arrayOf(isReference)),
  outputs: opt(arrayOf(isReference)),
  typeProperties: opt(isObject),
});

function activitiesWellFormed(
  activities: JsonValue | undefined,
  typeProperties: Readonly<Record<string, TypePropertiesShape>>,
  insideInactive = false,
): boolean {
  if (!Array.isArray(activities)) return true;
  for (const a of activities as readonly JsonValue[]) {
    if (!activityBase(a) || !isJsonObject(a)) return false;
    const type = canonicalActivityType(a['type'] as string);
    const inactive = insideInactive || a['state'] === 'Inactive';
    if (!inactive) {
      const tp = typePropertiesShapeOf(typeProperties, type);
      if (tp && !typePropertiesGuard(tp)(own(a, 'typeProperties') ?? {})) return false;
    }
    for (const scope of childScopes(a, type))
      if (!activitiesWellFormed(scope.activities, typeProperties, inactive)) return false;
  }
  return true;
}

const pipelineShell = shape({
  description: opt(isString),
  activities: opt(isArray),
  parameters: opt(parameters),
  variables: opt(variables),
  concurrency: opt((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1),
  annotations: opt(isArray),
  folder: opt(isFolder),
});

const datasetShape = {
  type: isString,
  linkedServiceName: isReference,
  parameters: opt(parameters),
  typeProperties: opt(isObject),
  annotations: opt(isArray),
  folder: opt(isFolder),
};
const linkedServiceDataset = shape(datasetShape);
/** Synapse datasets of a dedicated SQL pool name it with `sqlPool` instead of a linked service. */
const sqlPoolDataset = shape({ ...datasetShape, linkedServiceName: opt(isReference), sqlPool: isReference });
const dataset = (v: JsonValue | undefined): boolean =>
  isJsonObject(v) && v['sqlPool'] !== undefined ? sqlPoolDataset(v) : linkedServiceDataset(v);

const linkedService = shape({
  type: isString,
  typeProperties: opt(isObject),
  parameters: opt(parameters),
  connectVia: opt(isReference),
  annotations: opt(isArray),
});

const triggerPipeline = shape({ pipelineReference: isReference, parameters: opt(isObject) });
const trigger = shape({
  type: isString,
  description: opt(isString),
  runtimeState: opt(oneOf(['Started', 'Stopped', 'Disabled'])),
  pipelines: opt(arrayOf(triggerPipeline)),
  pipeline: opt(triggerPipeline),
  typeProperties: opt(isObject),
  annotations: opt(isArray),
});

/** Trigger typeProperties checks by type: the same keys as TRIGGER_TYPE_PROPERTIES_SCHEMAS (tested). */
export const FAST_TRIGGER_TYPE_PROPERTIES: Readonly<Record<string, Guard>> = {
  ScheduleTrigger: shape({
    recurrence: shape({
      frequency: isString,
      interval: opt((v) => isNumber(v) || isString(v)),
      startTime: opt(isString),
      endTime: opt(isString),
      timeZone: opt(isString),
      schedule: opt(isObject),
    }),
  }),
  TumblingWindowTrigger: shape({
    frequency: isString,
    interval: isNumber,
    startTime: isString,
    endTime: opt(isString),
    delay: opt(isString),
    maxConcurrency: opt(isNumber),
    dependsOn: opt(arrayOf(isObject)),
  }),
  BlobEventsTrigger: shape({
    events: arrayOf(isString),
    scope: opt(isDynamicString),
    blobPathBeginsWith: opt(isString),
    blobPathEndsWith: opt(isString),
    ignoreEmptyBlobs: opt(isBoolean),
  }),
  CustomEventsTrigger: shape({
    events: isArray,
    scope: opt(isDynamicString),
    subjectBeginsWith: opt(isString),
    subjectEndsWith: opt(isString),
  }),
};

const factory = shape({ globalParameters: opt(globalParameters) });

/**
 * True when `properties` of a resource of `kind` certainly has no schema finding. Activities' `typeProperties`
 * are checked with the guards of the shapes in `typeProperties` (by canonical type, from
 * `activityTypeProperties`; default: ADF's own types only), the same shapes schema-check.ts makes its zod
 * schemas of.
 */
export function isWellFormedResource(
  kind: ResourceKind,
  properties: JsonObject,
  typeProperties: Readonly<Record<string, TypePropertiesShape>> = activityTypeProperties(),
): boolean {
  switch (kind) {
    case 'pipeline':
      return pipelineShell(properties) && activitiesWellFormed(own(properties, 'activities'), typeProperties);
    case 'dataset':
      return dataset(properties);
    case 'linkedService':
      return linkedService(properties);
    case 'trigger': {
      if (!trigger(properties)) return false;
      const type = own(properties, 'type');
      const tp =
        typeof type === 'string' && Object.hasOwn(FAST_TRIGGER_TYPE_PROPERTIES, type)
          ? FAST_TRIGGER_TYPE_PROPERTIES[type]
          : undefined;
      return !tp || tp(own(properties, 'typeProperties') ?? {});
    }
    case 'factory':
      return factory(properties);
    default:
      return isAny(properties);
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activityTypeProperties } from './adf-type-properties.js';
import type { JsonObject, JsonValue } from './json.js';
import { checkResourceSchema } from './schema-check.js';
import { ACTIVITY_TYPES } from './schemas/activity-schemas.js';
import { TRIGGER_TYPE_PROPERTIES_SCHEMAS } from './schemas/resource-schemas.js';
import { shapes as s } from './type-properties-shape.js';
import type { TypePropertiesShape, ValueShape } from './type-properties-shape.js';
import type { ResourceKind } from './types.js';
import { FAST_TRIGGER_TYPE_PROPERTIES, isWellFormedResource } from './well-formed.js';

/** A plugin type whose shape uses every kind of value shape, so the property test covers each derivation. */
const PLUGIN: TypePropertiesShape = {
  text: s.string('Custom2 needs a "text"'),
  flag: s.optional(s.boolean()),
  name: s.optional(s.dynamicString()),
  count: s.optional(s.dynamicNumber()),
  on: s.optional(s.dynamicBoolean()),
  condition: s.optional(s.expression()),
  parameters: s.optional(s.anyObject()),
  value: s.optional(s.any()),
  list: s.optional(s.anyArray()),
  activities: s.optional(s.activities()),
  libraries: s.optional(s.libraries()),
  dataset: s.optional(s.reference('DatasetReference')),
  notebook: s.optional(s.reference('NotebookReference')),
  cases: s.optional(s.arrayOf(s.fields({ value: s.string(), type: s.optional(s.string()) }))),
};
const TABLE = activityTypeProperties({ Custom2: PLUGIN });

const keysOf = (shape: TypePropertiesShape): string[] =>
  Object.entries(shape).flatMap(([k, v]: [string, ValueShape]) => [
    k,
    ...(v.kind === 'fields'
      ? keysOf(v.fields)
      : v.kind === 'arrayOf' && v.item.kind === 'fields'
        ? keysOf(v.item.fields)
        : []),
  ]);

const expr = { value: '@x', type: 'Expression' };
const ref = { referenceName: 'R', type: 'DatasetReference' };
/** Values that sit on the edges of the schemas' building blocks. */
const atoms: JsonValue[] = [
  '',
  'x',
  '@x',
  'String',
  'string',
  'Inactive',
  'Succeeded',
  'Expression',
  0,
  1,
  1.5,
  -1,
  Number.POSITIVE_INFINITY,
  true,
  false,
  null,
  [],
  [ref],
  ['x'],
  [{}],
  {},
  expr,
  { value: 1, type: 'Expression' },
  ref,
  { referenceName: expr, type: 'X', parameters: [] },
  { type: 'String' },
  { type: 'Strīng' },
  { x: { type: 'Int' } },
  { x: { type: 'int', defaultValue: 1 } },
  { x: { type: 'Long' } },
  { activity: 'A', dependencyConditions: ['Succeeded'] },
  { activity: 'A', dependencyConditions: ['succeeded'] },
  { name: 'f' },
];
const KEYS = [
  ...new Set([
    ...Object.values(TABLE).flatMap(keysOf),
    ...Object.values(TRIGGER_TYPE_PROPERTIES_SCHEMAS).flatMap((t) => Object.keys(t.shape)),
    ...['name', 'type', 'description', 'state', 'onInactiveMarkAs', 'dependsOn', 'userProperties'],
    ...['linkedServiceName', 'policy', 'inputs', 'outputs', 'typeProperties', 'parameters', 'variables'],
    ...['concurrency', 'annotations', 'folder', 'globalParameters', 'runtimeState', 'pipelines'],
    ...['pipelineReference', 'recurrence', 'frequency', 'connectVia', 'timeout', 'retry', 'secureInput'],
  ]),
];

const value: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...atoms),
    fc.array(tie('v'), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 4 }),
  ),
})).v;

const activity: fc.Arbitrary<JsonValue> = fc
  .record({
    name: fc.constantFrom<JsonValue>('A', '', 1),
    type: fc.constantFrom<JsonValue>(...ACTIVITY_TYPES, 'ifcondition', 'Custom2', 3),
    typeProperties: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }),
    rest: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 }),
  })
  .map(({ rest, ...a }) => ({ ...rest, ...a }));

const resource: fc.Arbitrary<{ kind: ResourceKind; properties: JsonObject }> = fc.oneof(
  fc.record({
    kind: fc.constant<ResourceKind>('pipeline'),
    properties: fc
      .record({
        activities: fc.array(activity, { maxLength: 3 }),
        rest: fc.dictionary(fc.constantFrom(...KEYS), value),
      })
      .map(({ rest, activities }) => ({ ...rest, activities })),
  }),
  fc.record({
    kind: fc.constantFrom<ResourceKind>('dataset', 'linkedService', 'trigger', 'factory'),
    properties: fc
      .record({
        type: fc.constantFrom<JsonValue>(...Object.keys(TRIGGER_TYPE_PROPERTIES_SCHEMAS), 'DelimitedText', 1),
        rest: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }),
      })
      .map(({ rest, type }) => ({ type, ...rest })),
  }),
);

describe('the fast structural check', () => {
  it('mirrors the zod trigger schema table type by type', () => {
    expect(Object.keys(FAST_TRIGGER_TYPE_PROPERTIES).sort()).toEqual(
      Object.keys(TRIGGER_TYPE_PROPERTIES_SCHEMAS).sort(),
    );
  });

  it('never accepts a resource the zod schemas reject, and accepts typical well-formed ones', () => {
    let accepted = 0;
    fc.assert(
      fc.property(resource, ({ kind, properties }) => {
        if (!isWellFormedResource(kind, properties, TABLE)) return;
        accepted++;
        expect(checkResourceSchema(kind, properties, [], TABLE)).toEqual([]);
      }),
      { numRuns: 4000, seed: 42 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('checks a declared type with the guard and the schema of its shape', () => {
    const pipeline = (typeProperties: JsonObject): JsonObject => ({
      activities: [{ name: 'P', type: 'custom2', typeProperties }],
    });
    const good = pipeline({
      text: 'x',
      cases: [{ value: 'a' }],
      notebook: { referenceName: 'n', type: 'NotebookReference' },
    });
    expect(isWellFormedResource('pipeline', good, TABLE)).toBe(true);
    const bad = pipeline({ cases: [{ value: 1 }] });
    expect(isWellFormedResource('pipeline', bad, TABLE)).toBe(false);
    expect(
      checkResourceSchema('pipeline', bad, [], TABLE).map((i) => [i.code, i.path.join('.'), i.message]),
    ).toEqual([
      [
        'model/missing-property',
        'activities.0.typeProperties.text',
        'activity "P": missing required property "text" (Custom2 needs a "text")',
      ],
      [
        'model/invalid-value',
        'activities.0.typeProperties.cases.0.value',
        'activity "P": Invalid input: expected string, received number',
      ],
    ]);
    // Without the declaration the type is not checked.
    expect(isWellFormedResource('pipeline', bad)).toBe(true);
  });

  it('accepts a well-formed pipeline', () => {
    const pipeline: JsonObject = {
      parameters: { p: { type: 'string', defaultValue: 'x' } },
      variables: { v: { type: 'Array', defaultValue: [] } },
      activities: [
        {
          name: 'Each',
          type: 'ForEach',
          dependsOn: [],
          typeProperties: {
            items: expr,
            activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
          },
        },
      ],
    };
    expect(isWellFormedResource('pipeline', pipeline)).toBe(true);
    expect(checkResourceSchema('pipeline', pipeline, [])).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue, TypePropertiesShape, ValueShape } from '../model/index.js';
import { canonicalActivityType, isWellFormedResource } from '../model/index.js';
import { checkResourceSchema } from '../model/schemas/index.js';
import { builtinActivityExecutors } from './builtin-activities.js';
import { BUILTIN_ACTIVITIES, builtinActivityTypeProperties, builtinActivityTypes } from './builtin-types.js';

describe('the built-in activity types', () => {
  it('describe every built-in executor with the shape and summary its definition holds, and nothing else', () => {
    const executors = builtinActivityExecutors({
      notebooks: {},
      projectDir: '/p',
      dbfsRoot: '/p/dbfs',
      logDir: '/p/logs',
    });
    expect(Object.keys(builtinActivityTypeProperties).sort()).toEqual(executors.map((e) => e.type).sort());
    for (const e of executors) {
      expect(canonicalActivityType(e.type)).toBe(e.type);
      expect(e.typeProperties, e.type).toBeDefined();
      expect(builtinActivityTypeProperties[e.type], e.type).toBe(e.typeProperties);
      const described = builtinActivityTypes.find((t) => t.type === e.type);
      expect(e.summarize === undefined, e.type).toBe(described?.summarize === undefined);
    }
  });

  it('pairs each description with the module of its own executor (loaded on first use, the same type and shape)', async () => {
    const settings = { notebooks: {}, projectDir: '/p', dbfsRoot: '/p/dbfs', logDir: '/p/logs' };
    for (const b of BUILTIN_ACTIVITIES) {
      const executor = await b.load(settings);
      expect(executor.type, b.description.type).toBe(b.description.type);
      expect(executor.typeProperties, b.description.type).toBe(b.description.typeProperties);
      expect(executor.summarize === undefined, b.description.type).toBe(
        b.description.summarize === undefined,
      );
    }
  });

  it('is what validate checks a built-in type with: a Lookup without a dataset fails both checks', () => {
    const pipeline = {
      activities: [{ name: 'L', type: 'lookup', typeProperties: { source: { type: 'JsonSource' } } }],
    };
    expect(isWellFormedResource('pipeline', pipeline)).toBe(true); // ADF's own table does not know Lookup
    expect(isWellFormedResource('pipeline', pipeline, builtinActivityTypeProperties)).toBe(false);
    expect(checkResourceSchema('pipeline', pipeline, ['properties'], builtinActivityTypeProperties)).toEqual([
      {
        code: 'model/missing-property',
        path: ['properties', 'activities', 0, 'typeProperties', 'dataset'],
        message: 'activity "L": missing required property "dataset"',
      },
    ]);
  });

  it('never pass the fast guard where their zod schema finds a problem', () => {
    const keysOf = (shape: TypePropertiesShape): string[] =>
      Object.entries(shape).flatMap(([k, v]: [string, ValueShape]) => [
        k,
        ...(v.kind === 'fields' ? keysOf(v.fields) : []),
        ...(v.kind === 'arrayOf' && v.item.kind === 'fields' ? keysOf(v.item.fields) : []),
      ]);
    const keys = [...new Set(Object.values(builtinActivityTypeProperties).flatMap(keysOf))];
    const atoms: JsonValue[] = [
      '',
      'x',
      '@x',
      0,
      1.5,
      true,
      null,
      [],
      [{}],
      {},
      { value: '@x', type: 'Expression' },
    ];
    atoms.push({ referenceName: 'D', type: 'DatasetReference' }, [
      { referenceName: 'D', type: 'DatasetReference' },
    ]);
    const value: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(...atoms),
        fc.array(tie('v'), { maxLength: 2 }),
        fc.dictionary(fc.constantFrom(...keys), tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(builtinActivityTypeProperties)),
        fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 }),
        (type, typeProperties) => {
          const pipeline = { activities: [{ name: 'A', type, typeProperties }] };
          if (!isWellFormedResource('pipeline', pipeline, builtinActivityTypeProperties)) return;
          accepted++;
          expect(checkResourceSchema('pipeline', pipeline, [], builtinActivityTypeProperties)).toEqual([]);
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
    expect(accepted).toBeGreaterThan(30);
  });
});

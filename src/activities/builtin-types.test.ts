import { describe, expect, it } from 'vitest';
import { canonicalActivityType, isWellFormedResource } from '../model/index.js';
import { checkResourceSchema } from '../model/schemas/index.js';
import { builtinActivityExecutors } from './builtin-activities.js';
import { builtinActivityTypeProperties, builtinActivityTypes } from './builtin-types.js';

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
});

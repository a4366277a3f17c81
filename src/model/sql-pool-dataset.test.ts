import { describe, expect, it } from 'vitest';
import { checkResourceSchema } from './schema-check.js';
import { isWellFormedResource } from './well-formed.js';

// Synapse datasets of a dedicated SQL pool name the pool with `sqlPool` instead of `linkedServiceName`
// (https://learn.microsoft.com/rest/api/synapse/artifacts/dataset/create-or-update-dataset).
const pool = { referenceName: 'salespool', type: 'SqlPoolReference' };

describe('SqlPoolTable datasets (Synapse: sqlPool instead of linkedServiceName)', () => {
  it('accepts a dataset that names its SQL pool', () => {
    const props = { type: 'SqlPoolTable', sqlPool: pool, typeProperties: { schema: 'dbo', table: 't' } };
    expect(isWellFormedResource('dataset', props)).toBe(true);
    expect(checkResourceSchema('dataset', props, ['properties'])).toEqual([]);
  });

  it('still needs a referenceName in sqlPool', () => {
    const props = { type: 'SqlPoolTable', sqlPool: { type: 'SqlPoolReference' } };
    expect(isWellFormedResource('dataset', props)).toBe(false);
    expect(checkResourceSchema('dataset', props, ['properties'])).toMatchObject([
      { code: 'model/missing-property', path: ['properties', 'sqlPool', 'referenceName'] },
    ]);
  });

  it('still needs linkedServiceName on a dataset without sqlPool', () => {
    expect(checkResourceSchema('dataset', { type: 'AzureSqlTable' }, ['properties'])).toMatchObject([
      { code: 'model/missing-property', path: ['properties', 'linkedServiceName'] },
    ]);
  });
});

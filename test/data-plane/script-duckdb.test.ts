import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptActivity } from '../../src/activities/script/index.js';
import { DuckDbConnector } from '../../src/connectors/index.js';
import type { JsonObject } from '../../src/model/index.js';
import {
  dataContext,
  fakeDataAccess,
  fileDataset,
  put,
  tempProject,
  text,
  tree,
} from '../../src/activities/testing/data-fixtures.js';

const CSV = { firstRowAsHeader: true, rowDelimiter: '\n' };
const ref = (referenceName: string) => ({ referenceName, type: 'DatasetReference' });

async function project() {
  const p = await tempProject();
  await put(
    join(p.data, 'prepared/sales.csv'),
    'id,amount,region,note\n1,10.5,north,a\n2,7.25,south,b\n3,3,north,c\n',
  );
  const access = fakeDataAccess(
    {
      Prepared: fileDataset(
        p.connector,
        'DelimitedText',
        { folderPath: 'prepared', fileName: 'sales.csv' },
        CSV,
      ),
      Curated: fileDataset(
        p.connector,
        'DelimitedText',
        { folderPath: 'curated', fileName: 'sales.csv' },
        CSV,
      ),
      ParquetIn: fileDataset(p.connector, 'Parquet', { folderPath: 'pq', fileName: 'sales.parquet' }),
    },
    { LS_DuckDb: new DuckDbConnector() },
  );
  return { ...p, access };
}

const transform = (extra: JsonObject = {}): JsonObject => ({
  scripts: [{ type: 'Query', text: 'SELECT count(*) AS n FROM raw' }],
  millrace: {
    datasets: [{ ...ref('Prepared'), alias: 'raw' }],
    output: { dataset: ref('Curated'), query: 'SELECT id, region FROM raw ORDER BY id' },
  },
  ...extra,
});

describe('Script on DuckDB (Millrace SQL transform)', () => {
  it('reads a CSV dataset as a view, keeps two columns and writes a CSV dataset', async () => {
    const p = await project();
    const ctx = dataContext('Script', transform(), p.access, { linkedServiceName: 'LS_DuckDb' });
    const out = (await scriptActivity.execute(ctx)) as JsonObject;
    expect(await text(join(p.data, 'curated/sales.csv'))).toBe('id,region\n1,north\n2,south\n3,north\n');
    expect(out).toEqual({
      resultSetCount: 1,
      recordsAffected: 0,
      resultSets: [{ rowCount: 1, rows: [{ n: 3 }] }],
      outputParameters: {},
      outputLogs: '',
      outputLogsLocation: '',
      outputToExternalStorage: false,
      effectiveIntegrationRuntime: expect.any(String) as unknown,
      executionDuration: expect.any(Number) as unknown,
    });
  });

  it('runs without a linked service, reading Parquet', async () => {
    const p = await project();
    // Make the Parquet input with a first transform, then read it back in a second one.
    const toParquet = dataContext(
      'Script',
      {
        scripts: [{ type: 'NonQuery', text: 'CREATE TABLE t AS SELECT * FROM raw' }],
        millrace: {
          datasets: [{ ...ref('Prepared'), alias: 'raw' }],
          output: { dataset: ref('ParquetIn'), query: 'SELECT CAST(id AS INTEGER) AS id, region FROM t' },
        },
      },
      p.access,
    );
    await scriptActivity.execute(toParquet);
    const ctx = dataContext(
      'Script',
      {
        scripts: [
          {
            type: 'Query',
            text: 'SELECT region, sum(id) AS total FROM ParquetIn WHERE id >= $min GROUP BY region ORDER BY region',
            parameters: [{ name: 'min', type: 'Int32', value: 2, direction: 'Input' }],
          },
        ],
        millrace: { datasets: [ref('ParquetIn')] },
      },
      p.access,
    );
    const out = (await scriptActivity.execute(ctx)) as JsonObject;
    expect(out['resultSets']).toEqual([
      {
        rowCount: 2,
        rows: [
          { region: 'north', total: 3 },
          { region: 'south', total: 2 },
        ],
      },
    ]);
  });

  it('leaves the output file unchanged when the output query fails', async () => {
    const p = await project();
    await put(join(p.data, 'curated/sales.csv'), 'old content\n');
    const bad = transform({
      millrace: {
        datasets: [{ ...ref('Prepared'), alias: 'raw' }],
        output: { dataset: ref('Curated'), query: 'SELECT id, CAST(region AS INTEGER) AS r FROM raw' },
      },
    });
    const ctx = dataContext('Script', bad, p.access);
    await expect(scriptActivity.execute(ctx)).rejects.toMatchObject({
      code: 'copy/write-failed',
      failureType: 'UserError',
      message: expect.stringContaining('Conversion') as unknown,
    });
    expect(await text(join(p.data, 'curated/sales.csv'))).toBe('old content\n');
    expect((await tree(join(p.data, 'curated'))).filter((f) => f.includes('.millrace-tmp'))).toEqual([]);
  });

  it('fails a script error as a user error naming DuckDB', async () => {
    const p = await project();
    const ctx = dataContext('Script', { scripts: [{ text: 'SELECT * FROM nope' }] }, p.access);
    await expect(scriptActivity.execute(ctx)).rejects.toMatchObject({
      code: 'script/sql-error',
      failureType: 'UserError',
      message: expect.stringContaining('nope') as unknown,
    });
  });
});

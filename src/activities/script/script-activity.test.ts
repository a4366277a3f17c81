import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../model/index.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { scriptActivity } from './script-activity.js';
import { sqlValueOf, timespanMs } from './script-blocks.js';

const run = (tp: JsonObject) =>
  scriptActivity.execute(fakeActivityContext('Script', tp)) as Promise<JsonObject>;

describe('Script activity on in-process DuckDB', () => {
  it('returns ADF output: result sets of Query blocks, records affected, output parameters', async () => {
    const out = await run({
      scripts: [
        {
          type: 'NonQuery',
          text: 'CREATE TABLE t (id INTEGER, name VARCHAR); INSERT INTO t VALUES (1, $a), (2, $b)',
          parameters: [
            { name: 'a', type: 'String', value: 'x' },
            { name: 'b', type: 'String', value: 'y' },
          ],
        },
        {
          type: 'Query',
          text: 'UPDATE t SET name = upper(name) WHERE id = $id; SELECT * FROM t ORDER BY id; SELECT max(id) AS top FROM t',
          parameters: [
            { name: 'id', type: 'Int64', value: '1' },
            { name: 'top', type: 'Int32', value: null, direction: 'Output' },
          ],
        },
      ],
    });
    expect(out).toMatchObject({
      resultSetCount: 2,
      recordsAffected: 3,
      resultSets: [
        {
          rowCount: 2,
          rows: [
            { id: 1, name: 'X' },
            { id: 2, name: 'y' },
          ],
        },
        { rowCount: 1, rows: [{ top: 2 }] },
      ],
      outputParameters: { top: 2 },
      outputLogs: '',
      outputLogsLocation: '',
      outputToExternalStorage: false,
    });
    expect(Object.keys(out)).toEqual([
      'resultSetCount',
      'recordsAffected',
      'resultSets',
      'outputParameters',
      'outputLogs',
      'outputLogsLocation',
      'outputToExternalStorage',
      'effectiveIntegrationRuntime',
      'executionDuration',
    ]);
  });

  it('truncates result sets at 5,000 rows and says so', async () => {
    const out = await run({ scripts: [{ text: 'SELECT * FROM range(6000) r(i)' }] });
    expect(out['resultSets']).toEqual([expect.objectContaining({ rowCount: 5000 })]);
    expect(out['outputTruncated']).toBe(true);
  });

  it('refuses a bad parameter value and an unknown script type', async () => {
    await expect(
      run({ scripts: [{ text: 'SELECT $n', parameters: [{ name: 'n', type: 'Int16', value: 70000 }] }] }),
    ).rejects.toMatchObject({ code: 'script/invalid-parameter' });
    await expect(run({ scripts: [{ type: 'Other', text: 'SELECT 1' }] })).rejects.toMatchObject({
      code: 'script/invalid-setting',
    });
  });
});

describe('script settings', () => {
  it('maps ADF parameter types to driver values', () => {
    expect(sqlValueOf('Int64', '9007199254740993', 'p')).toBe(9007199254740993n);
    expect(sqlValueOf('Int32', 5, 'p')).toBe(5);
    expect(sqlValueOf('Decimal', '1.25', 'p')).toBe(1.25);
    expect(sqlValueOf('Boolean', 'true', 'p')).toBe(true);
    expect(sqlValueOf('DateTime', '2024-01-01T00:00:00Z', 'p')).toBe('2024-01-01T00:00:00Z');
    expect(sqlValueOf('Guid', null, 'p')).toBe(null);
  });

  it('parses timespans', () => {
    expect(timespanMs('02:00:00')).toBe(7_200_000);
    expect(timespanMs('1.00:00:01.5')).toBe(86_401_500);
    expect(timespanMs(undefined)).toBeUndefined();
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPlane, fileDataset, put, tempProject } from '../testing/data-fixtures.js';
import { LOOKUP_ROW_LIMIT, lookupData } from './lookup-data.js';

const CSV = { firstRowAsHeader: true };

describe('Lookup', () => {
  it('returns the first row, or count/value capped at 5,000 rows', async () => {
    const p = await tempProject();
    const rows = Array.from({ length: 5003 }, (_, i) => `${i},n${i}`).join('\n');
    await put(join(p.data, 'big.csv'), `id,name\n${rows}\n`);
    const ds = fileDataset(p.connector, 'DelimitedText', { fileName: 'big.csv' }, CSV);
    expect(await lookupData(dataPlane, ds, {})).toEqual({ firstRow: { id: '0', name: 'n0' } });
    const all = await lookupData(dataPlane, ds, { firstRowOnly: false });
    expect(all['count']).toBe(LOOKUP_ROW_LIMIT);
    expect((all['value'] as unknown[])[4999]).toEqual({ id: '4999', name: 'n4999' });
  });

  it('reads Json config files', async () => {
    const p = await tempProject();
    await put(join(p.data, 'cfg.json'), '[{"table":"a","on":true},{"table":"b","on":false}]');
    const out = await lookupData(dataPlane, fileDataset(p.connector, 'Json', { fileName: 'cfg.json' }), {
      firstRowOnly: false,
    });
    expect(out).toEqual({
      count: 2,
      value: [
        { table: 'a', on: true },
        { table: 'b', on: false },
      ],
    });
  });
});

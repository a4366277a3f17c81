import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyData } from '../../src/activities/copy/index.js';
import type { JsonObject } from '../../src/model/index.js';
import {
  dataPlane,
  fileDataset,
  put,
  tempProject,
  text,
} from '../../src/activities/testing/data-fixtures.js';

const FORMATS: Record<string, JsonObject> = {
  DelimitedText: { columnDelimiter: ',', firstRowAsHeader: true, rowDelimiter: '\n' },
  DelimitedTextGzip: { columnDelimiter: '|', firstRowAsHeader: true, compressionCodec: 'gzip' },
  Parquet: {},
  Json: {},
};
const typeOf = (f: string): string => (f.startsWith('DelimitedText') ? 'DelimitedText' : f);

describe('every tabular format pair', () => {
  const names = Object.keys(FORMATS);
  const pairs = names.flatMap((a) => names.map((b) => [a, b] as const));
  it.each(pairs)('%s → %s keeps rows and columns', async (from, to) => {
    const p = await tempProject();
    await put(join(p.data, 'seed.csv'), 'id,name\n1,ann\n2,"b,ob"\n');
    const seed = fileDataset(
      p.connector,
      'DelimitedText',
      { fileName: 'seed.csv' },
      FORMATS['DelimitedText'],
    );
    const base = { activityName: 'C', activityRunId: 'r', typeProperties: { source: {}, sink: {} } };
    const src = fileDataset(p.connector, typeOf(from), { folderPath: 'a', fileName: 'in' }, FORMATS[from]);
    await copyData({
      dataPlane,
      ...base,
      source: seed,
      sink: src,
    });
    const dst = fileDataset(p.connector, typeOf(to), { folderPath: 'b', fileName: 'out' }, FORMATS[to]);
    const out = await copyData({
      dataPlane,
      ...base,
      source: src,
      sink: dst,
    });
    expect(out).toMatchObject({ rowsCopied: 2, filesWritten: 1 });
    await copyData({
      dataPlane,
      ...base,
      source: dst,
      sink: fileDataset(p.connector, 'DelimitedText', { fileName: 'check.csv' }, FORMATS['DelimitedText']),
    });
    expect(await text(join(p.data, 'check.csv'))).toBe('id,name\n1,ann\n2,"b,ob"\n');
  });

  it('writes Json as arrayOfObjects when the sink asks', async () => {
    const p = await tempProject();
    await put(join(p.data, 'seed.csv'), 'id\n1\n2\n');
    await copyData({
      dataPlane,
      activityName: 'C',
      activityRunId: 'r',
      source: fileDataset(p.connector, 'DelimitedText', { fileName: 'seed.csv' }, FORMATS['DelimitedText']),
      sink: fileDataset(p.connector, 'Json', { fileName: 'o.json' }),
      typeProperties: {
        source: {},
        sink: { formatSettings: { type: 'JsonWriteSettings', filePattern: 'arrayOfObjects' } },
      },
    });
    expect(JSON.parse(await text(join(p.data, 'o.json')))).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('copies Binary to Binary byte for byte', async () => {
    const p = await tempProject();
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    await put(join(p.data, 'in/blob.bin'), bytes);
    const out = await copyData({
      dataPlane,
      activityName: 'C',
      activityRunId: 'r',
      typeProperties: { source: {}, sink: {} },
      source: fileDataset(p.connector, 'Binary', { folderPath: 'in' }),
      sink: fileDataset(p.connector, 'Binary', { folderPath: 'out' }),
    });
    expect(out).toMatchObject({ dataRead: 70_000, dataWritten: 70_000 });
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(join(p.data, 'out/blob.bin'))).equals(bytes)).toBe(true);
  });
});

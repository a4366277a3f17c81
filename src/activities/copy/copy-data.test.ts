import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { copyData } from './copy-data.js';
import type { JsonObject } from '../../model/index.js';
import { dataPlane, fileDataset, put, tempProject, text, tree } from '../testing/data-fixtures.js';

const CSV = { columnDelimiter: ',', quoteChar: '"', escapeChar: '\\', firstRowAsHeader: true };
const req = (
  source: ReturnType<typeof fileDataset>,
  sink: ReturnType<typeof fileDataset>,
  tp: JsonObject = {},
) =>
  copyData({
    dataPlane,
    source,
    sink,
    typeProperties: { source: { type: 'X' }, sink: { type: 'Y' }, ...tp },
    activityName: 'Copy1',
    activityRunId: 'run1',
  });

describe('copyData on FileServer', () => {
  it('copies raw CSV to prepared CSV with ADF output fields', async () => {
    const p = await tempProject();
    await put(join(p.data, 'raw/sales.csv'), 'id,amount,region\n1,10.5,north\n2,"7,25",south\n');
    const out = await req(
      fileDataset(p.connector, 'DelimitedText', { folderPath: 'raw', fileName: 'sales.csv' }, CSV),
      fileDataset(
        p.connector,
        'DelimitedText',
        { folderPath: 'prepared', fileName: 'sales.csv' },
        { ...CSV, rowDelimiter: '\n' },
      ),
    );
    expect(await text(join(p.data, 'prepared/sales.csv'))).toBe(
      'id,amount,region\n1,10.5,north\n2,"7,25",south\n',
    );
    expect(out).toMatchObject({
      filesRead: 1,
      filesWritten: 1,
      rowsRead: 2,
      rowsCopied: 2,
      rowsSkipped: 0,
      errors: [],
    });
    for (const k of [
      'dataRead',
      'dataWritten',
      'copyDuration',
      'throughput',
      'sourcePeakConnections',
      'sinkPeakConnections',
      'effectiveIntegrationRuntime',
      'usedDataIntegrationUnits',
      'usedParallelCopies',
      'executionDetails',
    ]) {
      expect(out).toHaveProperty(k);
    }
  });

  it('maps columns by name and by ordinal (TabularTranslator)', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.csv'), 'id,amount,region\n1,10,n\n');
    await put(join(p.data, 'in/h.csv'), '1;10;n\n2;20;s\n');
    const sink = fileDataset(
      p.connector,
      'DelimitedText',
      { folderPath: 'out', fileName: 'a.csv' },
      { ...CSV, rowDelimiter: '\n' },
    );
    await req(fileDataset(p.connector, 'DelimitedText', { folderPath: 'in', fileName: 'a.csv' }, CSV), sink, {
      translator: {
        type: 'TabularTranslator',
        mappings: [
          { source: { name: 'region' }, sink: { name: 'Region' } },
          { source: { ordinal: 1 }, sink: { name: 'Id' } },
        ],
      },
    });
    expect(await text(join(p.data, 'out/a.csv'))).toBe('Region,Id\nn,1\n');
    const sink2 = fileDataset(
      p.connector,
      'DelimitedText',
      { folderPath: 'out', fileName: 'h.csv' },
      { ...CSV, rowDelimiter: '\n' },
    );
    await req(
      fileDataset(
        p.connector,
        'DelimitedText',
        { folderPath: 'in', fileName: 'h.csv' },
        { columnDelimiter: ';' },
      ),
      sink2,
      {
        translator: {
          type: 'TabularTranslator',
          mappings: [{ source: { ordinal: 2 }, sink: { name: 'amount', type: 'Int32' } }],
        },
      },
    );
    expect(await text(join(p.data, 'out/h.csv'))).toBe('amount\n10\n20\n');
    await expect(
      req(fileDataset(p.connector, 'DelimitedText', { folderPath: 'in', fileName: 'a.csv' }, CSV), sink, {
        translator: { type: 'TabularTranslator', mappings: [{ source: { name: 'nope' } }] },
      }),
    ).rejects.toMatchObject({ code: 'copy/invalid-mapping' });
  });

  it('selects by wildcard folder and file, recursive, and preserves or flattens the hierarchy', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/2024-01/a.csv'), 'x\n1\n');
    await put(join(p.data, 'in/2024-02/deep/b.csv'), 'x\n2\n');
    await put(join(p.data, 'in/2023-12/c.csv'), 'x\n3\n');
    await put(join(p.data, 'in/2024-01/skip.txt'), 'x\n4\n');
    const src = fileDataset(p.connector, 'DelimitedText', { folderPath: 'in' }, CSV);
    const out = await req(src, fileDataset(p.connector, 'Parquet', { folderPath: 'pq' }), {
      source: {
        type: 'DelimitedTextSource',
        storeSettings: { recursive: true, wildcardFolderPath: 'in/2024*', wildcardFileName: '*.csv' },
      },
    });
    expect(out).toMatchObject({ filesRead: 2, filesWritten: 2, rowsCopied: 2 });
    expect(await tree(join(p.data, 'pq'))).toEqual(['2024-01/a.parquet', '2024-02/deep/b.parquet']);
    await req(src, fileDataset(p.connector, 'DelimitedText', { folderPath: 'flat' }, CSV), {
      source: { type: 'DelimitedTextSource', storeSettings: { recursive: false, wildcardFileName: '*.csv' } },
      sink: { type: 'DelimitedTextSink', storeSettings: { copyBehavior: 'FlattenHierarchy' } },
    });
    expect(await tree(join(p.data, 'flat'))).toEqual([]); // recursive=false: only in/ itself, which has no files
    const merged = await req(
      src,
      fileDataset(
        p.connector,
        'DelimitedText',
        { folderPath: 'm', fileName: 'all.csv' },
        { ...CSV, rowDelimiter: '\n' },
      ),
      {
        source: {
          type: 'DelimitedTextSource',
          storeSettings: { recursive: true, wildcardFileName: '*.csv' },
        },
        sink: { type: 'DelimitedTextSink', storeSettings: { copyBehavior: 'MergeFiles' } },
      },
    );
    expect(merged).toMatchObject({ filesRead: 3, filesWritten: 1, rowsCopied: 3 });
    expect((await text(join(p.data, 'm/all.csv'))).split('\n').sort()).toEqual(['', '1', '2', '3', 'x']);
  });

  it('filters by modified time and deletes sources after completion', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.bin'), Buffer.from([1, 2, 3]));
    const src = fileDataset(p.connector, 'Binary', { folderPath: 'in' });
    const none = await req(src, fileDataset(p.connector, 'Binary', { folderPath: 'out' }), {
      source: { type: 'BinarySource', storeSettings: { modifiedDatetimeStart: '2999-01-01T00:00:00Z' } },
    });
    expect(none).toMatchObject({ filesRead: 0, filesWritten: 0 });
    const out = await req(src, fileDataset(p.connector, 'Binary', { folderPath: 'out' }), {
      source: {
        type: 'BinarySource',
        storeSettings: { modifiedDatetimeEnd: '2999-01-01T00:00:00Z', deleteFilesAfterCompletion: true },
      },
      validateDataConsistency: true,
    });
    expect(out).toMatchObject({
      filesRead: 1,
      filesWritten: 1,
      dataRead: 3,
      dataWritten: 3,
      dataConsistencyVerification: { VerificationResult: 'Verified' },
    });
    expect(out).not.toHaveProperty('rowsCopied');
    expect(await tree(p.data)).toEqual(['out/a.bin']);
  });

  it('fails on a ragged row and leaves the destination unchanged', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.csv'), 'a,b\n1,2\n');
    await put(join(p.data, 'in/b.csv'), 'a,b\n1,2\n3\n');
    await put(join(p.data, 'out/a.csv'), 'old');
    const src = fileDataset(p.connector, 'DelimitedText', { folderPath: 'in' }, CSV);
    const sink = fileDataset(p.connector, 'DelimitedText', { folderPath: 'out' }, CSV);
    await expect(req(src, sink)).rejects.toMatchObject({ code: 'copy/malformed-input' });
    expect(await tree(join(p.data, 'out'))).toEqual(['a.csv']);
    expect(await text(join(p.data, 'out/a.csv'))).toBe('old');
  });

  // ADF's DelimitedText defaults (https://learn.microsoft.com/azure/data-factory/format-delimited-text):
  // quoteChar ", escapeChar \. Ordinary CSV doubles its quotes instead; both read as ADF reads them.
  it('reads quoted values with commas, line breaks and either escaped (\\") or doubled ("") quotes', async () => {
    const p = await tempProject();
    await put(
      join(p.data, 'in/doubled.csv'),
      'id,name,note\n1,"Smith, John","He said ""hi"""\n2,"two\nlines",x\n',
    );
    await put(join(p.data, 'in2/escaped.csv'), 'id,name,note\n1,"Smith, John","He said \\"hi\\""\n');
    const json = (folderPath: string) => fileDataset(p.connector, 'Json', { folderPath });
    await req(fileDataset(p.connector, 'DelimitedText', { folderPath: 'in' }, CSV), json('out'));
    await req(fileDataset(p.connector, 'DelimitedText', { folderPath: 'in2' }, CSV), json('out2'));
    const rows = async (file: string) =>
      (await text(join(p.data, file)))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
    expect(await rows('out/doubled.json')).toEqual([
      { id: '1', name: 'Smith, John', note: 'He said "hi"' },
      { id: '2', name: 'two\nlines', note: 'x' },
    ]);
    expect(await rows('out2/escaped.json')).toEqual([{ id: '1', name: 'Smith, John', note: 'He said "hi"' }]);
  });

  it('names the file, the line and the setting to change when data does not parse, and no engine internals', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/ragged.csv'), 'a,b\n1,2\n3,4,5,6\n');
    await put(join(p.data, 'in3/short.csv'), 'a,b,c\n1,2,3\n4\n');
    await put(join(p.data, 'in2/mixed.csv'), 'a,b\n1,"x ""y"""\n2,"x \\"y\\""\n');
    const sink = fileDataset(p.connector, 'Json', { folderPath: 'out' });
    const fail = (folderPath: string) =>
      req(fileDataset(p.connector, 'DelimitedText', { folderPath }, CSV), sink).then(
        () => new Error('copied'),
        (e: unknown) => e as Error,
      );
    const ragged = await fail('in');
    expect(ragged).toMatchObject({ code: 'copy/malformed-input' });
    expect(ragged.message).toBe(
      'cannot read in/ragged.csv, line 3: expected 2 columns, found more (enableSkipIncompatibleRow skips such rows; or check columnDelimiter)',
    );
    expect((await fail('in3')).message).toBe(
      'cannot read in3/short.csv, line 3: expected 3 columns, found 1 (enableSkipIncompatibleRow skips such rows; or check columnDelimiter)',
    );
    const mixed = await fail('in2');
    expect(mixed).toMatchObject({ code: 'copy/malformed-input' });
    expect(mixed.message).toMatch(/^cannot read in2\/mixed\.csv.*escapeChar/);
    for (const e of [ragged, mixed]) {
      expect(e.message).not.toMatch(
        /DuckDB|Invalid Input Error|Possible fixes|strict_mode|\/tmp|millrace-copy/i,
      );
    }
  });

  it('skips incompatible rows when asked and logs them', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/b.csv'), 'a,b\n1,2\n3\n4,5\n');
    const out = await copyData({
      dataPlane,
      source: fileDataset(p.connector, 'DelimitedText', { folderPath: 'in' }, CSV),
      sink: fileDataset(p.connector, 'Json', { folderPath: 'out' }),
      typeProperties: {
        source: {},
        sink: {},
        enableSkipIncompatibleRow: true,
        redirectIncompatibleRowSettings: {
          linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
          path: 'logs',
        },
      },
      activityName: 'Copy1',
      activityRunId: 'run1',
      logStore: () =>
        Promise.resolve({ store: p.connector.fileStore!({ type: 'FileServerLocation' }), folder: 'logs' }),
    });
    expect(out).toMatchObject({
      rowsRead: 3,
      rowsCopied: 2,
      rowsSkipped: 1,
      logFilePath: 'logs/copyactivity-logs/Copy1/run1',
    });
    expect(await text(join(p.data, 'out/b.json'))).toBe('{"a":"1","b":"2"}\n{"a":"4","b":"5"}\n');
    const logs = (await tree(join(p.data, 'logs'))).map((f) => join(p.data, 'logs', f));
    expect(logs).toHaveLength(1);
    expect(await text(logs[0]!)).toMatch(
      /^Timestamp,Level,OperationName,OperationItem,Message\n.*TabularRowSkip,in\/b.csv:/,
    );
  });

  it('reports bad encoding clearly, and decodes a declared encoding', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/l1.csv'), Buffer.from('name\ncaf\xe9\n', 'latin1'));
    const sink = fileDataset(
      p.connector,
      'DelimitedText',
      { folderPath: 'out', fileName: 'o.csv' },
      { ...CSV, rowDelimiter: '\n' },
    );
    await expect(
      req(fileDataset(p.connector, 'DelimitedText', { folderPath: 'in', fileName: 'l1.csv' }, CSV), sink),
    ).rejects.toMatchObject({ code: 'copy/bad-encoding' });
    await req(
      fileDataset(
        p.connector,
        'DelimitedText',
        { folderPath: 'in', fileName: 'l1.csv' },
        { ...CSV, encodingName: 'ISO-8859-1' },
      ),
      sink,
    );
    expect(await text(join(p.data, 'out/o.csv'))).toBe('name\ncafé\n');
  });

  it('refuses Binary to a tabular format', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.csv'), 'a\n1\n');
    await expect(
      req(
        fileDataset(p.connector, 'Binary', { folderPath: 'in' }),
        fileDataset(p.connector, 'Parquet', { folderPath: 'o' }),
      ),
    ).rejects.toMatchObject({ code: 'copy/incompatible-formats' });
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteData } from '../../src/activities/delete/index.js';
import { getMetadata } from '../../src/activities/get-metadata/index.js';
import { LOOKUP_ROW_LIMIT, lookupData } from '../../src/activities/lookup/index.js';
import { fileDataset, put, tempProject, text, tree } from './fixtures.js';

const CSV = { firstRowAsHeader: true };

describe('Lookup', () => {
  it('returns the first row, or count/value capped at 5,000 rows', async () => {
    const p = await tempProject();
    const rows = Array.from({ length: 5003 }, (_, i) => `${i},n${i}`).join('\n');
    await put(join(p.data, 'big.csv'), `id,name\n${rows}\n`);
    const ds = fileDataset(p.connector, 'DelimitedText', { fileName: 'big.csv' }, CSV);
    expect(await lookupData(ds, {})).toEqual({ firstRow: { id: '0', name: 'n0' } });
    const all = await lookupData(ds, { firstRowOnly: false });
    expect(all['count']).toBe(LOOKUP_ROW_LIMIT);
    expect((all['value'] as unknown[])[4999]).toEqual({ id: '4999', name: 'n4999' });
  });

  it('reads Json config files', async () => {
    const p = await tempProject();
    await put(join(p.data, 'cfg.json'), '[{"table":"a","on":true},{"table":"b","on":false}]');
    const out = await lookupData(fileDataset(p.connector, 'Json', { fileName: 'cfg.json' }), {
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

describe('GetMetadata', () => {
  it('returns the requested fields of a file, structure and columnCount included', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.csv'), 'id,name\n1,x\n');
    const ds = fileDataset(p.connector, 'DelimitedText', { folderPath: 'in', fileName: 'a.csv' }, CSV);
    const out = await getMetadata(ds, {
      fieldList: [
        'exists',
        'itemName',
        'itemType',
        'size',
        'lastModified',
        'created',
        'contentMD5',
        'structure',
        'columnCount',
      ],
    });
    expect(out).toMatchObject({
      exists: true,
      itemName: 'a.csv',
      itemType: 'File',
      size: 12,
      columnCount: 2,
      structure: [
        { name: 'id', type: 'String' },
        { name: 'name', type: 'String' },
      ],
    });
    expect(typeof out['contentMD5']).toBe('string');
  });

  it('lists childItems one level deep, and reports a missing item as exists=false or fails', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.csv'), 'x');
    await put(join(p.data, 'in/sub/b.csv'), 'y');
    const folder = fileDataset(p.connector, 'Binary', { folderPath: 'in' });
    expect(await getMetadata(folder, { fieldList: ['childItems', 'itemType'] })).toEqual({
      itemType: 'Folder',
      childItems: [
        { name: 'a.csv', type: 'File' },
        { name: 'sub', type: 'Folder' },
      ],
    });
    const missing = fileDataset(p.connector, 'Binary', { folderPath: 'nope' });
    expect(await getMetadata(missing, { fieldList: ['exists', 'itemName'] })).toEqual({ exists: false });
    await expect(getMetadata(missing, { fieldList: ['itemName'] })).rejects.toMatchObject({
      code: 'get-metadata/not-found',
    });
  });
});

describe('Delete', () => {
  it('deletes wildcard-selected files and logs them', async () => {
    const p = await tempProject();
    await put(join(p.data, 'stage/a.tmp'), '1');
    await put(join(p.data, 'stage/b.csv'), '2');
    const ds = fileDataset(p.connector, 'Binary', { folderPath: 'stage', fileName: '*.tmp' });
    const store = p.connector.fileStore!({ type: 'FileServerLocation' });
    const out = await deleteData(
      ds,
      { enableLogging: true, logStorageSettings: { linkedServiceName: {}, path: 'logs' } },
      {
        activityRunId: 'run1',
        logStore: () => Promise.resolve({ store, folder: 'logs' }),
      },
    );
    expect(out).toMatchObject({
      filesDeleted: 1,
      isWildcardUsed: true,
      recursive: false,
      logPath: 'logs/run1.csv',
    });
    expect(await tree(p.data)).toEqual(['logs/run1.csv', 'stage/b.csv']);
    expect(await text(join(p.data, 'logs/run1.csv'))).toBe(
      'Name,Category,Status,Error\r\nstage/a.tmp,File,Deleted,\r\n',
    );
  });

  it('removes a folder with recursive=true', async () => {
    const p = await tempProject();
    await put(join(p.data, 'stage/x/a'), '1');
    await put(join(p.data, 'keep/b'), '2');
    const out = await deleteData(
      fileDataset(p.connector, 'Binary', { folderPath: 'stage' }),
      { storeSettings: { recursive: true } },
      { activityRunId: 'r' },
    );
    expect(out).toMatchObject({ filesDeleted: 1 });
    expect(await tree(p.data)).toEqual(['keep/b']);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPlane, fileDataset, put, tempProject } from '../testing/data-fixtures.js';
import { getMetadata } from './get-metadata-data.js';

const CSV = { firstRowAsHeader: true };

describe('GetMetadata', () => {
  it('returns the requested fields of a file, structure and columnCount included', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.csv'), 'id,name\n1,x\n');
    const ds = fileDataset(p.connector, 'DelimitedText', { folderPath: 'in', fileName: 'a.csv' }, CSV);
    const out = await getMetadata(dataPlane, ds, {
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
    expect(await getMetadata(dataPlane, folder, { fieldList: ['childItems', 'itemType'] })).toEqual({
      itemType: 'Folder',
      childItems: [
        { name: 'a.csv', type: 'File' },
        { name: 'sub', type: 'Folder' },
      ],
    });
    const missing = fileDataset(p.connector, 'Binary', { folderPath: 'nope' });
    expect(await getMetadata(dataPlane, missing, { fieldList: ['exists', 'itemName'] })).toEqual({
      exists: false,
    });
    await expect(getMetadata(dataPlane, missing, { fieldList: ['itemName'] })).rejects.toMatchObject({
      code: 'get-metadata/not-found',
    });
  });
});

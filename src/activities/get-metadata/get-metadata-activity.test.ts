import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { dataContext, fakeDataAccess, fileDataset, put, tempProject } from '../testing/data-fixtures.js';
import { getMetadataActivity } from './get-metadata-activity.js';

const ref = (name: string) => ({ referenceName: name, type: 'DatasetReference' });

describe('GetMetadata executor', () => {
  it('binds typeProperties.dataset through ctx.data and returns the fields with the runtime', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/a.csv'), 'id\n1\n');
    await put(join(p.data, 'in/b.csv'), 'id\n2\n');
    const data = fakeDataAccess({ DS_In: fileDataset(p.connector, 'Binary', { folderPath: 'in' }) });
    const out = await getMetadataActivity.execute(
      dataContext('GetMetadata', { dataset: ref('DS_In'), fieldList: ['exists', 'childItems'] }, data),
    );
    expect(out).toEqual({
      exists: true,
      childItems: [
        { name: 'a.csv', type: 'File' },
        { name: 'b.csv', type: 'File' },
      ],
      effectiveIntegrationRuntime: 'MillraceLocalRuntime (local)',
    });
  });

  it('fails with get-metadata/invalid-setting without a dataset, and needs the data capability', async () => {
    await expect(
      getMetadataActivity.execute(dataContext('GetMetadata', { fieldList: ['exists'] }, fakeDataAccess({}))),
    ).rejects.toMatchObject({
      code: 'get-metadata/invalid-setting',
      message: 'GetMetadata Act: typeProperties.dataset is required',
    });
    await expect(
      getMetadataActivity.execute(fakeActivityContext('GetMetadata', { dataset: ref('X') })),
    ).rejects.toMatchObject({ code: 'activity/missing-capability' });
  });
});

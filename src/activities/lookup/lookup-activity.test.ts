import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { dataContext, fakeDataAccess, fileDataset, put, tempProject } from '../testing/data-fixtures.js';
import { lookupActivity } from './lookup-activity.js';

const ref = (name: string) => ({ referenceName: name, type: 'DatasetReference' });

describe('Lookup executor', () => {
  it('binds typeProperties.dataset through ctx.data and returns ADF output with the runtime', async () => {
    const p = await tempProject();
    await put(join(p.data, 'cfg.csv'), 'table,on\nsales,true\nstock,false\n');
    const data = fakeDataAccess({
      DS_Cfg: fileDataset(p.connector, 'DelimitedText', { fileName: 'cfg.csv' }, { firstRowAsHeader: true }),
    });
    const first = await lookupActivity.execute(dataContext('Lookup', { dataset: ref('DS_Cfg') }, data));
    expect(first).toEqual({
      firstRow: { table: 'sales', on: 'true' },
      effectiveIntegrationRuntime: 'MillraceLocalRuntime (local)',
    });
    const all = await lookupActivity.execute(
      dataContext('Lookup', { dataset: ref('DS_Cfg'), firstRowOnly: false }, data),
    );
    expect(all).toMatchObject({ count: 2, value: [{ table: 'sales' }, { table: 'stock' }] });
  });

  it('fails with lookup/invalid-setting without a dataset, and without data access names the capability', async () => {
    const data = fakeDataAccess({});
    await expect(lookupActivity.execute(dataContext('Lookup', {}, data))).rejects.toMatchObject({
      code: 'lookup/invalid-setting',
      message: 'Lookup Act: typeProperties.dataset is required',
    });
    await expect(
      lookupActivity.execute(fakeActivityContext('Lookup', { dataset: ref('X') })),
    ).rejects.toMatchObject({ code: 'activity/missing-capability' });
  });

  it('parses its settings with its schema: a dataset that is no reference fails naming the path', async () => {
    const data = fakeDataAccess({});
    await expect(
      lookupActivity.execute(dataContext('Lookup', { dataset: 'DS_Cfg' }, data)),
    ).rejects.toMatchObject({
      code: 'activity/invalid-settings',
      message: expect.stringMatching(/^Lookup Act: typeProperties\.dataset: /) as unknown,
    });
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import {
  dataContext,
  fakeDataAccess,
  fileDataset,
  put,
  tempProject,
  text,
  tree,
} from '../testing/data-fixtures.js';
import { deleteActivity } from './delete-activity.js';

const ref = (name: string) => ({ referenceName: name, type: 'DatasetReference' });

describe('Delete executor', () => {
  it('deletes the dataset files and writes its log where the log linked service locates the path', async () => {
    const p = await tempProject();
    await put(join(p.data, 'stage/a.tmp'), '1');
    await put(join(p.data, 'stage/b.csv'), '2');
    const data = fakeDataAccess(
      { DS_Stage: fileDataset(p.connector, 'Binary', { folderPath: 'stage', fileName: '*.tmp' }) },
      { LS_Logs: p.connector },
    );
    const ctx = dataContext(
      'Delete',
      {
        dataset: ref('DS_Stage'),
        enableLogging: true,
        logStorageSettings: {
          linkedServiceName: { referenceName: 'LS_Logs', type: 'LinkedServiceReference' },
          path: 'logs/delete',
        },
      },
      data,
    );
    const out = await deleteActivity.execute(ctx);
    expect(out).toMatchObject({
      filesDeleted: 1,
      isWildcardUsed: true,
      logPath: `logs/delete/${ctx.activityRunId}.csv`,
      effectiveIntegrationRuntime: 'MillraceLocalRuntime (local)',
    });
    expect(await tree(p.data)).toEqual([`logs/delete/${ctx.activityRunId}.csv`, 'stage/b.csv']);
    expect(await text(join(p.data, `logs/delete/${ctx.activityRunId}.csv`))).toContain(
      'stage/a.tmp,File,Deleted,',
    );
  });

  it('fails with delete/invalid-setting without a dataset, and needs the data capability', async () => {
    await expect(deleteActivity.execute(dataContext('Delete', {}, fakeDataAccess({})))).rejects.toMatchObject(
      {
        code: 'delete/invalid-setting',
        message: 'Delete Act: typeProperties.dataset is required',
      },
    );
    await expect(
      deleteActivity.execute(fakeActivityContext('Delete', { dataset: ref('X') })),
    ).rejects.toMatchObject({ code: 'activity/missing-capability' });
  });
});

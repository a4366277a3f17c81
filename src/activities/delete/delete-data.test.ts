import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPlane, fileDataset, put, tempProject, text, tree } from '../testing/data-fixtures.js';
import { deleteData } from './delete-data.js';

describe('Delete', () => {
  it('deletes wildcard-selected files and logs them', async () => {
    const p = await tempProject();
    await put(join(p.data, 'stage/a.tmp'), '1');
    await put(join(p.data, 'stage/b.csv'), '2');
    const ds = fileDataset(p.connector, 'Binary', { folderPath: 'stage', fileName: '*.tmp' });
    const store = p.connector.fileStore!({ type: 'FileServerLocation' });
    const out = await deleteData(
      dataPlane,
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
      dataPlane,
      fileDataset(p.connector, 'Binary', { folderPath: 'stage' }),
      { storeSettings: { recursive: true } },
      { activityRunId: 'r' },
    );
    expect(out).toMatchObject({ filesDeleted: 1 });
    expect(await tree(p.data)).toEqual(['keep/b']);
  });
});

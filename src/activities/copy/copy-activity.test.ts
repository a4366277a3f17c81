import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CopyProgress } from '../../contracts/index.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import {
  dataContext,
  fakeDataAccess,
  fileDataset,
  put,
  tempProject,
  text,
} from '../testing/data-fixtures.js';
import { copyActivity } from './copy-activity.js';
import { referenceOf } from './data-access.js';

const CSV = { columnDelimiter: ',', firstRowAsHeader: true };
const TP = { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' } };

describe('Copy executor', () => {
  it('copies its one input to its one output through ctx.data, reporting progress to ctx.onProgress', async () => {
    const p = await tempProject();
    await put(join(p.data, 'raw/sales.csv'), 'id,amount\n1,10\n2,20\n');
    const data = fakeDataAccess({
      DS_Raw: fileDataset(p.connector, 'DelimitedText', { folderPath: 'raw', fileName: 'sales.csv' }, CSV),
      DS_Prepared: fileDataset(
        p.connector,
        'DelimitedText',
        { folderPath: 'prepared', fileName: 'sales.csv' },
        CSV,
      ),
    });
    const progress: CopyProgress[] = [];
    const ctx = {
      ...dataContext('Copy', TP, data, { inputs: ['DS_Raw'], outputs: ['DS_Prepared'] }),
      onProgress: (p: CopyProgress) => progress.push(p),
    };
    const out = await copyActivity.execute(ctx);
    expect(out).toMatchObject({
      rowsRead: 2,
      rowsCopied: 2,
      filesRead: 1,
      filesWritten: 1,
      effectiveIntegrationRuntime: 'MillraceLocalRuntime (local)',
    });
    // The sink writes ADF's default row delimiter, \r\n.
    expect(await text(join(p.data, 'prepared/sales.csv'))).toBe('id,amount\r\n1,10\r\n2,20\r\n');
    expect(progress.at(-1)).toMatchObject({ rows: 2, files: 1 });
  });

  it('needs exactly one input and one output (copy/datasets), object typeProperties, and the data capability', async () => {
    const data = fakeDataAccess({});
    await expect(
      copyActivity.execute(dataContext('Copy', TP, data, { inputs: ['A', 'B'], outputs: ['C'] })),
    ).rejects.toMatchObject({
      code: 'copy/datasets',
      message: 'Copy activity Act needs exactly one input and one output dataset',
    });
    await expect(
      copyActivity.execute(dataContext('Copy', TP, data, { inputs: ['A'] })),
    ).rejects.toMatchObject({
      code: 'copy/datasets',
    });
    await expect(copyActivity.execute(fakeActivityContext('Copy', TP))).rejects.toMatchObject({
      code: 'activity/missing-capability',
    });
  });

  it('moves data only through ctx.dataPlane: a context without one fails with activity/missing-capability', async () => {
    const { dataPlane: _given, ...withoutPlane } = dataContext('Copy', TP, fakeDataAccess({}), {
      inputs: ['A'],
      outputs: ['B'],
    });
    await expect(copyActivity.execute(withoutPlane)).rejects.toMatchObject({
      code: 'activity/missing-capability',
      message:
        'activity Act (Copy) needs the "dataPlane" capability (SQL sessions, file selection, staging), which this engine does not provide',
    });
  });

  it('reads a reference from evaluated settings without a cast: referenceName a string, type defaulted', () => {
    const ls = { referenceName: 'LS', type: 'LinkedServiceReference', parameters: { p: 1 } };
    expect(referenceOf(ls, 'X')).toEqual(ls);
    expect(referenceOf({ referenceName: 'DS', parameters: 'junk' }, 'DatasetReference')).toEqual({
      referenceName: 'DS',
      type: 'DatasetReference',
    });
    expect(referenceOf('DS', 'DatasetReference')).toBeUndefined();
    expect(referenceOf({ referenceName: 1 }, 'DatasetReference')).toBeUndefined();
  });
});

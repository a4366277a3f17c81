import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyData } from '../../src/activities/copy/index.js';
import {
  bindDataset,
  builtinConnectors,
  createConnectorRegistry,
  unavailableSecretResolver,
} from '../../src/connectors/index.js';
import type { Azurite } from '../../src/connectors/azure-blob/azurite.js';
import { startAzurite } from '../../src/connectors/azure-blob/azurite.js';
import type { Connector } from '../../src/contracts/index.js';
import type { JsonObject } from '../../src/model/index.js';
import {
  dataPlane,
  fileDataset,
  put,
  tempProject,
  text,
} from '../../src/activities/testing/data-fixtures.js';

let azurite: Azurite;
let blob: Connector;
beforeAll(async () => {
  azurite = await startAzurite();
  blob = await createConnectorRegistry(builtinConnectors).create(
    {
      type: 'AzureBlobStorage',
      typeProperties: { connectionString: azurite.connectionString },
      parameters: {},
    },
    { projectRoot: '/tmp', secrets: unavailableSecretResolver },
  );
});
afterAll(async () => {
  await azurite.stop();
});

const blobDataset = (type: string, folderPath: string, fileName?: string, extra: JsonObject = {}) =>
  bindDataset(
    `DS_${type}`,
    {
      type,
      linkedServiceName: { referenceName: 'LS_Blob', type: 'LinkedServiceReference' },
      parameters: {},
      typeProperties: {
        location: {
          type: 'AzureBlobStorageLocation',
          container: 'lake',
          folderPath,
          ...(fileName ? { fileName } : {}),
        },
        ...extra,
      },
    },
    blob,
  );
const base = { activityName: 'C', activityRunId: 'r', typeProperties: { source: {}, sink: {} } };
const CSV = { firstRowAsHeader: true, rowDelimiter: '\n' };

describe('copy through Azurite', () => {
  it('local CSV → blob Parquet → local CSV', async () => {
    const p = await tempProject();
    await put(join(p.data, 'raw/a.csv'), 'id,v\n1,x\n2,y\n');
    const up = await copyData({
      dataPlane,
      ...base,
      source: fileDataset(p.connector, 'DelimitedText', { folderPath: 'raw' }, CSV),
      sink: blobDataset('Parquet', 'pq'),
    });
    expect(up).toMatchObject({ rowsCopied: 2, filesWritten: 1 });
    const down = await copyData({
      dataPlane,
      ...base,
      source: blobDataset('Parquet', 'pq', 'a.parquet'),
      sink: fileDataset(p.connector, 'DelimitedText', { fileName: 'back.csv' }, CSV),
    });
    expect(down).toMatchObject({ rowsCopied: 2 });
    expect(await text(join(p.data, 'back.csv'))).toBe('id,v\n1,x\n2,y\n');
  });

  it('binary copy to blob verifies MD5, and a failed copy leaves blobs unchanged', async () => {
    const p = await tempProject();
    await put(join(p.data, 'bin/a.bin'), Buffer.alloc(100_000, 7));
    const out = await copyData({
      dataPlane,
      ...base,
      typeProperties: { ...base.typeProperties, validateDataConsistency: true },
      source: fileDataset(p.connector, 'Binary', { folderPath: 'bin' }),
      sink: blobDataset('Binary', 'bin'),
    });
    expect(out).toMatchObject({
      dataWritten: 100_000,
      dataConsistencyVerification: { VerificationResult: 'Verified' },
    });
    await put(join(p.data, 'csv/a.csv'), 'a,b\n1,2\n');
    await put(join(p.data, 'csv/b.csv'), 'a,b\n1\n');
    await copyData({
      dataPlane,
      ...base,
      source: fileDataset(p.connector, 'DelimitedText', { folderPath: 'csv', fileName: 'a.csv' }, CSV),
      sink: blobDataset('DelimitedText', 'out', undefined, CSV),
    });
    await put(join(p.data, 'csv/a.csv'), 'a,b\n9,9\n');
    await expect(
      copyData({
        dataPlane,
        ...base,
        source: fileDataset(p.connector, 'DelimitedText', { folderPath: 'csv' }, CSV),
        sink: blobDataset('DelimitedText', 'out', undefined, CSV),
      }),
    ).rejects.toMatchObject({ code: 'copy/malformed-input' });
    await copyData({
      dataPlane,
      ...base,
      source: blobDataset('DelimitedText', 'out', undefined, CSV),
      sink: fileDataset(p.connector, 'DelimitedText', { folderPath: 'check' }, CSV),
    });
    expect(await text(join(p.data, 'check/a.csv'))).toBe('a,b\n1,2\n');
  });
});

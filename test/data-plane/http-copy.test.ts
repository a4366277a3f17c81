import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyData } from '../../src/activities/copy/index.js';
import type { CopyProgress } from '../../src/contracts/index.js';
import {
  bindDataset,
  createHttpServerConnector,
  unavailableSecretResolver,
} from '../../src/connectors/index.js';
import {
  dataPlane,
  fileDataset,
  put,
  tempProject,
  text,
} from '../../src/activities/testing/data-fixtures.js';

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = 'id,name,city\n1,Ann,Oslo\n2,Bob,Rome\n';
    if (req.url !== '/export/people.csv') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('copy from an HTTP source', () => {
  it('copies an HTTP CSV to a local CSV, keeping two columns', async () => {
    const p = await tempProject();
    const http = await createHttpServerConnector(
      { url },
      { projectRoot: p.root, secrets: unavailableSecretResolver },
    );
    const source = bindDataset(
      'DS_Http',
      {
        type: 'DelimitedText',
        linkedServiceName: { referenceName: 'LS_Http', type: 'LinkedServiceReference' },
        parameters: {},
        typeProperties: {
          location: { type: 'HttpServerLocation', relativeUrl: 'export/people.csv' },
          firstRowAsHeader: true,
        },
      },
      http,
    );
    const sink = fileDataset(
      p.connector,
      'DelimitedText',
      { folderPath: 'raw', fileName: 'people.csv' },
      {
        firstRowAsHeader: true,
        rowDelimiter: '\n',
      },
    );
    const out = await copyData({
      dataPlane,
      source,
      sink,
      typeProperties: {
        source: {},
        sink: {},
        translator: {
          type: 'TabularTranslator',
          mappings: [{ source: { name: 'id' } }, { source: { name: 'city' } }],
        },
      },
      activityName: 'C',
      activityRunId: 'r',
    });
    expect(await text(join(p.data, 'raw/people.csv'))).toBe('id,city\n1,Oslo\n2,Rome\n');
    expect(out).toMatchObject({ rowsCopied: 2, filesRead: 1, filesWritten: 1 });
  });
});

describe('copy progress', () => {
  it('reports running totals through onProgress, throttled, with the final totals last', async () => {
    const p = await tempProject();
    const big = Buffer.alloc(8 * 1024 * 1024, 7);
    await put(join(p.data, 'in/blob.bin'), big);
    const events: CopyProgress[] = [];
    await copyData({
      dataPlane,
      source: fileDataset(p.connector, 'Binary', { folderPath: 'in', fileName: 'blob.bin' }),
      sink: fileDataset(p.connector, 'Binary', { folderPath: 'out', fileName: 'blob.bin' }),
      typeProperties: { source: {}, sink: {} },
      activityName: 'C',
      activityRunId: 'r',
      onProgress: (e) => events.push(e),
    });
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ bytes: big.length, rows: 0, files: 1 });
  });
});

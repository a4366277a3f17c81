import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStore } from '../../contracts/index.js';
import { readOnlyFileStoreSuite } from '../../contracts/testing/file-store-suite.js';
import { createConnectorRegistry } from '../connector-registry.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { httpServerConnector } from './http-server-connector.js';

let server: Server;
let base: string;
const AUTH = `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;
/** What the server serves under `/served/` (the read contract sets it per test). */
let served: Readonly<Record<string, string>> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/private/') && req.headers.authorization !== AUTH) {
      res.writeHead(401).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.startsWith('/served/') ? served[path.slice('/served/'.length)] : undefined;
    if (file !== undefined) {
      const body = Buffer.from(file);
      res.writeHead(200, { 'content-length': body.length, 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (req.url?.endsWith('/data.csv')) {
      const body = 'id,v\n1,x\n';
      res.writeHead(200, { 'content-length': body.length, 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function store(typeProperties: Record<string, unknown>): Promise<FileStore> {
  const registry = createConnectorRegistry([httpServerConnector]);
  const connector = await registry.create(
    { type: 'HttpServer', typeProperties: { url: base, ...typeProperties }, parameters: {} },
    { projectRoot: '/tmp', secrets: unavailableSecretResolver },
  );
  return connector.fileStore!({ type: 'HttpServerLocation', relativeUrl: 'x' });
}

readOnlyFileStoreSuite('HttpServer', (files) => {
  served = files;
  return store({ url: `${base}served/` });
});

describe('HttpServer connector', () => {
  it('reads a file with GET and stats it with HEAD', async () => {
    const s = await store({ authenticationType: 'Anonymous' });
    expect(await text(await s.openRead('files/data.csv'))).toBe('id,v\n1,x\n');
    expect(await s.stat('files/data.csv')).toMatchObject({ name: 'data.csv', size: 9, isDirectory: false });
    expect(await s.stat('files/missing.csv')).toBeUndefined();
    await expect(s.openRead('files/missing.csv')).rejects.toMatchObject({ code: 'connector/not-found' });
  });

  it('sends Basic credentials (SecureString password)', async () => {
    const anon = await store({});
    await expect(anon.openRead('private/data.csv')).rejects.toMatchObject({
      code: 'connector/http-error',
      message: expect.stringContaining('401') as unknown,
    });
    const s = await store({
      authenticationType: 'Basic',
      userName: 'ann',
      password: { type: 'SecureString', value: 's3cret' },
    });
    expect(await text(await s.openRead('private/data.csv'))).toBe('id,v\n1,x\n');
  });

  it('is read-only and cannot list, naming the capability', async () => {
    const s = await store({});
    await expect(s.list('')).rejects.toMatchObject({
      code: 'connector/unsupported-capability',
      message: expect.stringContaining('"list"') as unknown,
    });
    await expect(s.openWrite('a.csv')).rejects.toMatchObject({ code: 'connector/unsupported-capability' });
  });
});

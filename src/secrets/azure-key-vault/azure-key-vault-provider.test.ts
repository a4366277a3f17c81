import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretProviderSuite } from '../../contracts/testing/secret-provider-suite.js';
import { createAzureKeyVaultProvider } from './azure-key-vault-provider.js';
import type { TokenCredential } from './azure-key-vault-provider.js';

/**
 * A local stand-in for Key Vault's REST API (secrets 7.x): the challenge (401 + WWW-Authenticate), then
 * GET/PUT/DELETE /secrets/{name}[/{version}] and GET /secrets with paging through nextLink.
 */
const secrets = new Map<string, string>();
const seen: string[] = [];
let server: Server;
let vaultUrl = '';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', vaultUrl);
  seen.push(`${req.method} ${url.pathname}?${url.searchParams.get('api-version') ? 'api-version' : ''}`);
  if (req.headers.authorization !== 'Bearer test-token') {
    res.writeHead(401, {
      'WWW-Authenticate':
        'Bearer authorization="https://login.microsoftonline.com/tenant", resource="https://vault.azure.net"',
    });
    return void res.end();
  }
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'secrets') return send(res, 404, { error: { code: 'NotFound' } });
  const name = parts[1];
  if (req.method === 'GET' && name === undefined) {
    const names = [...secrets.keys()].sort();
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const page = names.slice(skip, skip + 1);
    const next =
      skip + 1 < names.length ? `${vaultUrl}/secrets?api-version=7.6&$skiptoken=${skip + 1}` : null;
    return send(res, 200, {
      value: page.map((n) => ({ id: `${vaultUrl}/secrets/${n}`, attributes: { enabled: true } })),
      nextLink: next,
    });
  }
  if (name === undefined) return send(res, 405, {});
  const bundle = (n: string) => ({
    value: secrets.get(n),
    id: `${vaultUrl}/secrets/${n}/0123456789abcdef`,
    attributes: { enabled: true, created: 1700000000, updated: 1700000000 },
  });
  if (name === 'forbidden')
    return send(res, 403, { error: { code: 'Forbidden', message: 'no Get permission' } });
  if (req.method === 'GET') {
    if (!secrets.has(name))
      return send(res, 404, { error: { code: 'SecretNotFound', message: `${name} not found` } });
    return send(res, 200, bundle(name));
  }
  if (req.method === 'PUT') {
    secrets.set(name, (JSON.parse(await body(req)) as { value: string }).value);
    return send(res, 200, bundle(name));
  }
  if (req.method === 'DELETE') {
    if (!secrets.has(name)) return send(res, 404, { error: { code: 'SecretNotFound' } });
    const b = bundle(name);
    secrets.delete(name);
    return send(res, 200, {
      ...b,
      recoveryId: `${vaultUrl}/deletedsecrets/${name}`,
      deletedDate: 1700000000,
    });
  }
  send(res, 405, {});
}

const credential: TokenCredential = {
  getToken: () => Promise.resolve({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  vaultUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const provider = () =>
  createAzureKeyVaultProvider({
    vaultUrl,
    credential,
    disableChallengeResourceVerification: true,
    allowInsecureConnection: true,
  });

secretProviderSuite('Azure Key Vault (local server)', () => {
  secrets.clear();
  return Promise.resolve({
    provider: provider(),
    seed: (s) => {
      for (const [k, v] of Object.entries(s)) secrets.set(k, v);
      return Promise.resolve();
    },
  });
});

describe('Azure Key Vault provider', () => {
  it('answers the auth challenge and sends api-version', async () => {
    secrets.clear();
    secrets.set('sql-password', 'pw-from-kv');
    seen.length = 0;
    expect(await provider().get('sql-password')).toBe('pw-from-kv');
    expect(seen[0]).toMatch(/^GET \/secrets\/sql-password/);
    expect(seen.every((s) => s.endsWith('api-version'))).toBe(true);
  });

  it('writes through setSecret and pages the listing', async () => {
    secrets.clear();
    const p = provider();
    await p.set?.('a-1', 'x');
    await p.set?.('b-2', 'y');
    await p.set?.('c-3', 'z');
    expect(secrets.get('b-2')).toBe('y');
    expect(await p.list()).toEqual(['a-1', 'b-2', 'c-3']);
  });

  it('reports a refused read as secrets/provider-failed naming the secret and status', async () => {
    await expect(provider().get('forbidden')).rejects.toMatchObject({
      code: 'secrets/provider-failed',
      message: expect.stringMatching(/reading secret "forbidden" failed \(HTTP 403\)/) as unknown,
    });
  });
});

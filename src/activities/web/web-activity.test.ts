import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyVaultSecretReference } from '../../contracts/index.js';
import { createMillrace } from '../../index.js';
import type { JsonObject } from '../../model/index.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { createWebActivity, webActivity } from './web-activity.js';

// The behaviour tested here is ADF's Web activity
// (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity), against a real HTTP server.

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base = '';
let seen: Seen[] = [];
let polls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/json') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Trace-Id': 'abc-123' });
        res.end(JSON.stringify({ name: 'orders', count: 3, method: req.method, body }));
      } else if (path === '/whoami') {
        // an endpoint that (carelessly) echoes the Basic credentials it received
        const [user, password] = Buffer.from(
          (req.headers.authorization ?? '').replace(/^Basic /, ''),
          'base64',
        )
          .toString('utf8')
          .split(':');
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ user, password }));
      } else if (path === '/text') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('plain hello');
      } else if (path === '/array') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('[1,2]');
      } else if (path === '/job') {
        // ADF's asynchronous request-reply: accepted, then polled at Location until done
        res.writeHead(202, { Location: '/job/status', 'Retry-After': '0' });
        res.end('{"state":"accepted"}');
      } else if (path === '/job/status') {
        polls++;
        if (polls < 3) {
          res.writeHead(202, { Location: '/job/status', 'Retry-After': '0' });
          res.end('{"state":"running"}');
        } else {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{"state":"done"}');
        }
      } else if (path === '/slow') {
        // never answers: the activity's response timeout must end the call
      } else {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"error":"no such thing"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  polls = 0;
});

const run = (tp: JsonObject, executor = webActivity) => {
  const ctx = fakeActivityContext('WebActivity', tp, { name: 'Call' });
  return { ctx, result: executor.execute(ctx) };
};

describe('WebActivity over HTTP', () => {
  it.each([
    ['GET', undefined],
    ['Post', { a: 1 }],
    ['PUT', 'raw text'],
    ['PATCH', { b: [true, null] }],
    ['DELETE', undefined],
  ] as const)(
    'sends %s with its body and returns the JSON response with ADFWebActivityResponseHeaders',
    async (method, body) => {
      const { result } = run({ method, url: `${base}/json?x=1`, ...(body === undefined ? {} : { body }) });
      const output = (await result) as JsonObject;
      const sentBody = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.method).toBe(method.toUpperCase());
      expect(seen[0]?.url).toBe('/json?x=1');
      expect(seen[0]?.body).toBe(sentBody);
      if (body !== undefined) {
        expect(seen[0]?.headers['content-type']).toBe(
          typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
        );
      }
      expect(output).toMatchObject({
        name: 'orders',
        count: 3,
        method: method.toUpperCase(),
        body: sentBody,
      });
      expect(output['ADFWebActivityResponseHeaders']).toMatchObject({
        'Content-Type': 'application/json',
        'X-Trace-Id': 'abc-123',
      });
    },
  );

  it('sends the declared headers; a declared Content-Type wins', async () => {
    await run({
      method: 'POST',
      url: `${base}/json`,
      headers: { 'Accept-Language': 'en-us', 'Content-Type': 'application/xml', 'X-Count': 7 },
      body: '<a/>',
    }).result;
    expect(seen[0]?.headers['accept-language']).toBe('en-us');
    expect(seen[0]?.headers['content-type']).toBe('application/xml');
    expect(seen[0]?.headers['x-count']).toBe('7');
    expect(seen[0]?.body).toBe('<a/>');
  });

  it('returns a body that is not a JSON object as {Response: text}', async () => {
    const text = (await run({ method: 'GET', url: `${base}/text` }).result) as JsonObject;
    expect(text['Response']).toBe('plain hello');
    expect(text['ADFWebActivityResponseHeaders']).toMatchObject({ 'Content-Type': 'text/plain' });
    const array = (await run({ method: 'GET', url: `${base}/array` }).result) as JsonObject;
    expect(array['Response']).toBe('[1,2]');
  });

  it('sends Basic authentication with a SecureString password', async () => {
    await run({
      method: 'GET',
      url: `${base}/json`,
      authentication: { type: 'Basic', username: 'ann', password: { type: 'SecureString', value: 's3cret' } },
    }).result;
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
  });

  it('resolves a Key Vault password through the run’s secrets and reports it for masking', async () => {
    const asked: KeyVaultSecretReference[] = [];
    const masked: string[] = [];
    const executor = createWebActivity({
      keyVault: () => (ref) => {
        asked.push(ref);
        return Promise.resolve('from-vault');
      },
      onSecret: (v) => masked.push(v),
    });
    const { ctx, result } = run(
      {
        method: 'GET',
        url: `${base}/json`,
        authentication: {
          type: 'Basic',
          username: 'svc',
          password: {
            type: 'AzureKeyVaultSecret',
            store: { referenceName: 'KV', type: 'LinkedServiceReference' },
            secretName: 'api-password',
          },
        },
      },
      executor,
    );
    await result;
    expect(asked).toEqual([
      {
        type: 'AzureKeyVaultSecret',
        store: { referenceName: 'KV', type: 'LinkedServiceReference' },
        secretName: 'api-password',
      },
    ]);
    expect(masked).toEqual(['from-vault']);
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('svc:from-vault').toString('base64')}`);
    expect(ctx.lines.join('\n')).not.toContain('from-vault');
  });

  it('fails a Key Vault password without a secret provider, naming the secret only', async () => {
    await expect(
      run({
        method: 'GET',
        url: `${base}/json`,
        authentication: {
          type: 'Basic',
          username: 'svc',
          password: {
            type: 'AzureKeyVaultSecret',
            store: { referenceName: 'KV', type: 'LinkedServiceReference' },
            secretName: 'api-password',
          },
        },
      }).result,
    ).rejects.toMatchObject({
      code: 'secrets/unavailable',
      message: expect.stringContaining('api-password') as unknown,
    });
    expect(seen).toEqual([]);
  });

  it.each(['MSI', 'UserAssignedManagedIdentity', 'ServicePrincipal', 'ClientCertificate'])(
    'fails %s authentication with a clear error and no request',
    async (type) => {
      const auth: JsonObject =
        type === 'ServicePrincipal'
          ? {
              type,
              tenant: 't',
              servicePrincipalId: 'id',
              servicePrincipalKey: { type: 'SecureString', value: 'k' },
              resource: 'https://management.azure.com/',
            }
          : { type, resource: 'https://management.azure.com/' };
      const err = await run({ method: 'GET', url: `${base}/json`, authentication: auth }).result.catch(
        (e: unknown) => e,
      );
      expect(err).toMatchObject({
        code: 'activity/web-auth-unsupported',
        message: expect.stringMatching(new RegExp(`^WebActivity Call: authentication "${type}" `)) as unknown,
      });
      expect(seen).toEqual([]);
    },
  );

  it('fails a status >= 400 with ADF error 2108, the status and the body in the message', async () => {
    const err = await run({ method: 'GET', url: `${base}/missing` }).result.catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'activity/web-request-failed',
      errorCode: '2108',
      failureType: 'UserError',
      retryable: true,
    });
    expect((err as Error).message).toBe(
      `Error calling the endpoint '${base}/missing'. Response status code: '404 - Not Found'. More details: {"error":"no such thing"}`,
    );
  });

  it('fails with 2108 when nothing listens, without a stack trace', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x`;
    await new Promise((resolve) => closed.close(resolve));
    const err = await run({ method: 'GET', url }).result.catch((e: unknown) => e);
    expect(err).toMatchObject({ errorCode: '2108' });
    expect((err as Error).message).toMatch(
      new RegExp(
        `^Error calling the endpoint '${url}'\\. Response status code: 'NA - Unknown'\\. More details: .*ECONNREFUSED`,
      ),
    );
    expect((err as Error).message).not.toContain('\n');
  });

  it('ends the call at httpRequestTimeout with 2108', async () => {
    const started = Date.now();
    const err = await run({
      method: 'GET',
      url: `${base}/slow`,
      httpRequestTimeout: '00:00:01',
    }).result.catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(err).toMatchObject({ errorCode: '2108' });
    expect((err as Error).message).toContain('no response within 00:00:01 (httpRequestTimeout)');
  });

  it('polls the Location of a 202 with GET until the endpoint answers otherwise', async () => {
    const output = (await run({ method: 'POST', url: `${base}/job`, body: { go: 1 } }).result) as JsonObject;
    expect(output['state']).toBe('done');
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /job',
      'GET /job/status',
      'GET /job/status',
      'GET /job/status',
    ]);
    expect(seen[1]?.body).toBe('');
  });

  it('returns the 202 itself with turnOffAsync', async () => {
    const output = (await run({ method: 'POST', url: `${base}/job`, body: { go: 1 }, turnOffAsync: true })
      .result) as JsonObject;
    expect(output['state']).toBe('accepted');
    expect(output['ADFWebActivityResponseHeaders']).toMatchObject({ Location: '/job/status' });
    expect(seen).toHaveLength(1);
  });

  it('logs that disableCertValidation is ignored', async () => {
    const { ctx, result } = run({ method: 'GET', url: `${base}/json`, disableCertValidation: true });
    await result;
    expect(ctx.lines).toContain(
      'disableCertValidation is ignored: Millrace always validates server certificates',
    );
  });

  it.each([
    [
      { method: 'HEAD', url: 'http://x/' },
      'typeProperties.method: expected one of GET, POST, PUT, PATCH, DELETE',
    ],
    [{ method: 'POST', url: 'http://x/' }, 'typeProperties.body: a POST request needs a body'],
    [{ method: 'GET', url: 'http://x/', body: 'b' }, 'typeProperties.body: a GET request has no body'],
    [{ method: 'GET', url: 'ftp://x/' }, 'typeProperties.url: expected an http(s) URL'],
    [
      { method: 'GET', url: 'http://x/', httpRequestTimeout: '00:11:00' },
      'typeProperties.httpRequestTimeout: ',
    ],
    [
      { method: 'GET', url: 'http://x/', authentication: { type: 'Digest' } },
      'typeProperties.authentication.type: ',
    ],
  ] as const)('rejects bad settings %j before any call', async (tp, message) => {
    await expect(run(tp).result).rejects.toMatchObject({
      code: 'activity/invalid-settings',
      message: expect.stringContaining(`WebActivity Call: ${message}`) as unknown,
    });
  });
});

describe('WebActivity in a pipeline', () => {
  const project = mkdtempSync(join(tmpdir(), 'millrace-web-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("feeds @activity('Call').output to SetVariable, and a 404 fails its activity with 2108", async () => {
    mkdirSync(join(project, 'pipeline'), { recursive: true });
    writeFileSync(
      join(project, 'pipeline', 'PL_Web.json'),
      JSON.stringify({
        name: 'PL_Web',
        properties: {
          parameters: { base: { type: 'String' } },
          variables: { table: { type: 'String' }, trace: { type: 'String' } },
          activities: [
            {
              name: 'Call',
              type: 'WebActivity',
              typeProperties: {
                method: 'POST',
                url: "@concat(pipeline().parameters.base, '/json')",
                headers: { 'X-Run': '@pipeline().RunId' },
                body: { table: "@concat('ord', 'ers')" },
              },
            },
            {
              name: 'KeepName',
              type: 'SetVariable',
              dependsOn: [{ activity: 'Call', dependencyConditions: ['Succeeded'] }],
              typeProperties: { variableName: 'table', value: "@activity('Call').output.name" },
            },
            {
              name: 'KeepTrace',
              type: 'SetVariable',
              dependsOn: [{ activity: 'Call', dependencyConditions: ['Succeeded'] }],
              typeProperties: {
                variableName: 'trace',
                value: "@activity('Call').output.ADFWebActivityResponseHeaders['X-Trace-Id']",
              },
            },
            {
              name: 'Missing',
              type: 'WebActivity',
              dependsOn: [{ activity: 'KeepName', dependencyConditions: ['Succeeded'] }],
              typeProperties: { method: 'GET', url: "@concat(pipeline().parameters.base, '/missing')" },
            },
          ],
        },
      }),
    );
    const millrace = await createMillrace({ projectDir: project });
    try {
      const result = await millrace.runPipeline('PL_Web', { rawParameters: { base } });
      const act = (name: string) => result.activityRuns.find((a) => a.activityName === name);
      expect(act('Call')?.status).toBe('Succeeded');
      expect(seen[0]?.body).toBe('{"table":"orders"}');
      expect(seen[0]?.headers['x-run']).toBe(result.runId);
      expect(act('KeepName')?.output).toEqual({ name: 'table', value: 'orders' });
      expect(act('KeepTrace')?.output).toEqual({ name: 'trace', value: 'abc-123' });
      expect(act('Missing')?.status).toBe('Failed');
      expect(act('Missing')?.error?.errorCode).toBe('2108');
      expect(act('Missing')?.error?.message).toContain("Response status code: '404 - Not Found'");
      expect(result.status).toBe('Failed');
    } finally {
      await millrace.close();
    }
  });

  it("takes a Basic password from the environment's Key Vault provider or a SecureString, masked in the stored output", async () => {
    vi.stubEnv('WEBTEST_SECRET_API_PASSWORD', 'pa55-from-env');
    const write = (rel: string, value: unknown) => {
      mkdirSync(join(project, rel, '..'), { recursive: true });
      writeFileSync(join(project, rel), JSON.stringify(value));
    };
    write('millrace.json', {
      factory: 'factory',
      environments: { dev: { parameters: 'environments/dev.json' } },
    });
    write('environments/dev.json', {
      secrets: { providers: { LS_KeyVault: { type: 'env', prefix: 'WEBTEST_SECRET_' } } },
    });
    write('factory/linkedService/LS_KeyVault.json', {
      name: 'LS_KeyVault',
      properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://kv.vault.azure.net/' } },
    });
    write('factory/pipeline/PL_Auth.json', {
      name: 'PL_Auth',
      properties: {
        parameters: { base: { type: 'String' } },
        activities: [
          {
            name: 'WhoAmI',
            type: 'WebActivity',
            typeProperties: {
              method: 'GET',
              url: "@concat(pipeline().parameters.base, '/whoami')",
              authentication: {
                type: 'Basic',
                username: 'etl',
                password: {
                  type: 'AzureKeyVaultSecret',
                  store: { referenceName: 'LS_KeyVault', type: 'LinkedServiceReference' },
                  secretName: 'api-password',
                },
              },
            },
          },
          {
            name: 'Inline',
            type: 'WebActivity',
            typeProperties: {
              method: 'GET',
              url: "@concat(pipeline().parameters.base, '/whoami')",
              authentication: {
                type: 'Basic',
                username: 'etl',
                password: { type: 'SecureString', value: 'inline-s3cret' },
              },
            },
          },
        ],
      },
    });
    const millrace = await createMillrace({ projectDir: project, environment: 'dev' });
    try {
      const result = await millrace.runPipeline('PL_Auth', { rawParameters: { base } });
      expect(result.status).toBe('Succeeded');
      expect(seen.map((r) => r.headers.authorization)).toContain(
        `Basic ${Buffer.from('etl:pa55-from-env').toString('base64')}`,
      );
      const stored = await millrace.getRun(result.runId);
      const output = stored?.activityRuns.find((a) => a.activityName === 'WhoAmI')?.output as JsonObject;
      expect(output['user']).toBe('etl');
      expect(output['password']).not.toBe('pa55-from-env');
      expect(JSON.stringify(stored)).not.toContain('pa55-from-env');
      const inline = stored?.activityRuns.find((a) => a.activityName === 'Inline')?.output as JsonObject;
      expect(inline['password']).toBe('***');
    } finally {
      await millrace.close();
      vi.unstubAllEnvs();
    }
  });
});

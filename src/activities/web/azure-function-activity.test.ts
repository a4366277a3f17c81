import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMillrace } from '../../index.js';

// ADF's Azure Function activity (https://learn.microsoft.com/azure/data-factory/control-flow-azure-function-activity)
// and its errors (https://learn.microsoft.com/azure/data-factory/data-factory-troubleshoot-guide#azure-functions),
// against a real HTTP server standing in for the function app.

const KEY = 'fn-key-0f9e8d7c6b5a';
let server: Server;
let base = '';
let seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.headers['x-functions-key'] !== KEY) {
        res.writeHead(401).end();
        return;
      }
      const path = (req.url ?? '').split('?')[0];
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Context': 'appId=cid-v1:1' });
        res.end(JSON.stringify(value));
      };
      if (path === '/api/score') json(200, { score: 0.93, got: JSON.parse(body || '{}') as unknown });
      else if (path === '/api/orders/42') json(200, { id: 42, query: req.url?.split('?')[1] ?? '' });
      else if (path === '/api/list') json(200, [1, 2, 3]);
      else if (path === '/api/broken') json(500, { error: 'database unreachable' });
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let project = '';
beforeEach(() => {
  seen = [];
  project = mkdtempSync(join(tmpdir(), 'millrace-azfn-'));
  return () => rmSync(project, { recursive: true, force: true });
});

function write(rel: string, value: unknown): void {
  mkdirSync(join(project, rel, '..'), { recursive: true });
  writeFileSync(join(project, rel), JSON.stringify(value));
}

const fn = (name: string, typeProperties: Record<string, unknown>, dependsOn: string[] = []) => ({
  name,
  type: 'AzureFunctionActivity',
  linkedServiceName: { referenceName: 'LS_Functions', type: 'LinkedServiceReference' },
  dependsOn: dependsOn.map((activity) => ({ activity, dependencyConditions: ['Completed'] })),
  typeProperties,
});

describe('AzureFunctionActivity', () => {
  it('calls <functionAppUrl>/api/<functionName> with the function key, and outputs the JSON object it returns', async () => {
    write('linkedService/LS_Functions.json', {
      name: 'LS_Functions',
      properties: {
        type: 'AzureFunction',
        parameters: { appUrl: { type: 'String' } },
        typeProperties: {
          functionAppUrl: '@{linkedService().appUrl}',
          functionKey: { type: 'SecureString', value: KEY },
        },
      },
    });
    write('pipeline/PL_Fn.json', {
      name: 'PL_Fn',
      properties: {
        parameters: { base: { type: 'String' } },
        variables: { score: { type: 'String' } },
        activities: [
          {
            ...fn('Score', {
              functionName: 'score',
              method: 'POST',
              body: { rows: "@createArray('a', 'b')" },
            }),
            linkedServiceName: {
              referenceName: 'LS_Functions',
              type: 'LinkedServiceReference',
              parameters: { appUrl: '@pipeline().parameters.base' },
            },
          },
          {
            name: 'Keep',
            type: 'SetVariable',
            dependsOn: [{ activity: 'Score', dependencyConditions: ['Succeeded'] }],
            typeProperties: { variableName: 'score', value: "@string(activity('Score').output.score)" },
          },
        ],
      },
    });
    const millrace = await createMillrace({ projectDir: project });
    try {
      const result = await millrace.runPipeline('PL_Fn', { rawParameters: { base } });
      const act = (name: string) => result.activityRuns.find((a) => a.activityName === name);
      expect(result.status, JSON.stringify(act('Score')?.error)).toBe('Succeeded');
      expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/score', body: '{"rows":["a","b"]}' });
      expect(seen[0]?.headers['content-type']).toBe('application/json');
      expect(act('Score')?.output).toMatchObject({
        score: 0.93,
        got: { rows: ['a', 'b'] },
        ADFWebActivityResponseHeaders: {
          'Content-Type': 'application/json',
          'Request-Context': 'appId=cid-v1:1',
        },
      });
      expect(act('Keep')?.output).toEqual({ name: 'score', value: '0.93' });
      // The function key is a secret: nowhere in what the run stored.
      const stored = readdirSync(join(project, '.millrace'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
        .join('\n');
      expect(stored).not.toContain(KEY);
    } finally {
      await millrace.close();
    }
  });

  it("passes a route and query in functionName through; a 500, a JSON array and a missing key fail with ADF's errors", async () => {
    write('linkedService/LS_Functions.json', {
      name: 'LS_Functions',
      properties: {
        type: 'AzureFunction',
        typeProperties: { functionAppUrl: `${base}/`, functionKey: { type: 'SecureString', value: KEY } },
      },
    });
    write('linkedService/LS_NoKey.json', {
      name: 'LS_NoKey',
      properties: { type: 'AzureFunction', typeProperties: { functionAppUrl: base } },
    });
    write('pipeline/PL_Errors.json', {
      name: 'PL_Errors',
      properties: {
        activities: [
          fn('Route', { functionName: "@concat('orders/', string(42), '?expand=lines')", method: 'GET' }),
          fn('Broken', { functionName: 'broken', method: 'DELETE' }, ['Route']),
          fn('List', { functionName: 'list', method: 'GET' }, ['Broken']),
          {
            ...fn('NoKey', { functionName: 'score', method: 'POST', body: '{}' }, ['List']),
            linkedServiceName: { referenceName: 'LS_NoKey', type: 'LinkedServiceReference' },
          },
        ],
      },
    });
    const millrace = await createMillrace({ projectDir: project });
    try {
      const result = await millrace.runPipeline('PL_Errors', {});
      const act = (name: string) => result.activityRuns.find((a) => a.activityName === name);
      expect(act('Route')?.status).toBe('Succeeded');
      expect(act('Route')?.output).toMatchObject({ id: 42, query: 'expand=lines' });
      expect(seen[0]?.url).toBe('/api/orders/42?expand=lines');
      expect(act('Broken')?.error).toMatchObject({
        errorCode: '3608',
        message: `Call to provided Azure function 'broken' failed with status-'500' and message - '{"error":"database unreachable"}'.`,
      });
      expect(act('List')?.error).toMatchObject({
        errorCode: '3603',
        message: 'Response Content is not a valid JObject.',
      });
      expect(
        seen.find((s) => s.url === '/api/score' && s.headers['x-functions-key'] === undefined),
      ).toBeDefined();
      expect(act('NoKey')?.error?.errorCode).toBe('3608');
      expect(act('NoKey')?.error?.message).toContain("status-'401'");
      expect(result.status).toBe('Failed');
    } finally {
      await millrace.close();
    }
  });

  it('refuses a GET with a body and a managed-identity app with clear errors, before any call', async () => {
    write('linkedService/LS_Functions.json', {
      name: 'LS_Functions',
      properties: {
        type: 'AzureFunction',
        typeProperties: { functionAppUrl: base, authentication: 'MSI', resourceId: 'api://x' },
      },
    });
    write('pipeline/PL_Bad.json', {
      name: 'PL_Bad',
      properties: {
        activities: [
          fn('GetWithBody', { functionName: 'score', method: 'GET', body: { a: 1 } }),
          fn('Msi', { functionName: 'score', method: 'POST', body: { a: 1 } }, ['GetWithBody']),
        ],
      },
    });
    const millrace = await createMillrace({ projectDir: project });
    try {
      const result = await millrace.runPipeline('PL_Bad', {});
      const act = (name: string) => result.activityRuns.find((a) => a.activityName === name);
      expect(act('GetWithBody')?.error?.message).toContain('a GET request has no body');
      expect(act('Msi')?.error?.message).toContain('managed identity');
      expect(seen).toHaveLength(0);
    } finally {
      await millrace.close();
    }
  });
});

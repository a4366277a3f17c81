import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMillrace } from '../../index.js';
import type { JsonObject } from '../../model/index.js';
import { fakeActivityContext } from '../testing/fake-activity-context.js';
import { webhookActivity } from './webhook-activity.js';

// ADF's WebHook activity (https://learn.microsoft.com/azure/data-factory/control-flow-webhook-activity): the
// body goes out with `callBackUri` added, and the activity waits for that URI to be called. The endpoint here is
// a real HTTP server that calls back the way a service would.

interface Hook {
  body: JsonObject;
  headers: Record<string, string | string[] | undefined>;
  callbackStatus?: number;
}

let server: Server;
let base = '';
let hooks: Hook[] = [];

/** What the endpoint posts to the callback URI, by path. */
const callbacks: Record<string, (body: JsonObject) => string[] | undefined> = {
  '/hook': (b) => [JSON.stringify({ done: true, echo: b['job'] ?? null })],
  '/hook/fail': () => [
    JSON.stringify({
      Output: { rows: 0 },
      Error: { ErrorCode: 'JobFailed', Message: 'the job ran out of disk' },
      StatusCode: '403',
    }),
  ],
  '/hook/bad-json-then-ok': () => ['not json', '{"second":true}'],
  '/hook/never': () => undefined,
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      if (path === '/hook/broken') {
        res.writeHead(500).end('endpoint down');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonObject;
      const hook: Hook = { body, headers: req.headers };
      hooks.push(hook);
      res.writeHead(202).end();
      const posts = callbacks[path]?.(body);
      if (!posts) return;
      void (async () => {
        for (const text of posts) {
          const r = await fetch(body['callBackUri'] as string, { method: 'POST', body: text });
          hook.callbackStatus = r.status;
        }
      })();
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
  hooks = [];
});

const run = (tp: JsonObject, signal?: AbortSignal) =>
  webhookActivity.execute(
    fakeActivityContext('WebHook', tp, { name: 'Hook', ...(signal ? { signal } : {}) }),
  );

describe('WebHook', () => {
  it('posts the body with callBackUri and returns what the callback posted', async () => {
    const output = await run({ method: 'post', url: `${base}/hook`, body: { job: 'nightly' } });
    expect(output).toEqual({ done: true, echo: 'nightly' });
    expect(hooks[0]?.body['job']).toBe('nightly');
    expect(hooks[0]?.body['callBackUri']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]{36}$/);
    expect(hooks[0]?.headers['content-type']).toBe('application/json');
    await expect.poll(() => hooks[0]?.callbackStatus).toBe(200);
  });

  it('with reportStatusOnCallBack, a StatusCode >= 400 fails with the callback Error', async () => {
    const err = await run({ url: `${base}/hook/fail`, body: {}, reportStatusOnCallBack: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'activity/webhook-reported-failure',
      errorCode: 'JobFailed',
      message: 'the job ran out of disk',
      output: { Output: { rows: 0 }, StatusCode: '403' },
    });
  });

  it('without reportStatusOnCallBack, the same callback succeeds', async () => {
    const output = (await run({ url: `${base}/hook/fail`, body: {} })) as JsonObject;
    expect(output['StatusCode']).toBe('403');
    expect(output['Output']).toEqual({ rows: 0 });
  });

  it('answers 400 to a callback that is not JSON and keeps waiting', async () => {
    const output = await run({ url: `${base}/hook/bad-json-then-ok`, body: '{"a":1}' });
    expect(output).toEqual({ second: true });
    expect(hooks[0]?.body['a']).toBe(1);
  });

  it('fails with TimedOut when the callback does not come within timeout', async () => {
    const started = Date.now();
    const err = await run({ url: `${base}/hook/never`, body: {}, timeout: '00:00:01' }).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(err).toMatchObject({ code: 'activity/webhook-timed-out', errorCode: 'TimedOut' });
  });

  it('fails with 2108 when the endpoint answers 500, and stops listening', async () => {
    const err = await run({ url: `${base}/hook/broken`, body: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'activity/web-request-failed', errorCode: '2108' });
    expect((err as Error).message).toContain("Response status code: '500 - Internal Server Error'");
  });

  it('closes the callback listener when the run is cancelled', async () => {
    const controller = new AbortController();
    const pending = run({ url: `${base}/hook/never`, body: {} }, controller.signal).catch((e: unknown) => e);
    await expect.poll(() => hooks.length).toBe(1);
    controller.abort(new Error('cancelled'));
    expect(await pending).toMatchObject({ message: 'cancelled' });
    await expect(
      fetch(hooks[0]?.body['callBackUri'] as string, { method: 'POST', body: '{}' }),
    ).rejects.toThrow();
  });

  it.each([
    [{ method: 'GET', url: 'http://x/', body: {} }, 'typeProperties.method: a WebHook supports only POST'],
    [{ url: 'http://x/', body: [1] }, 'typeProperties.body: expected a JSON object'],
    [{ url: 'http://x/', body: {}, timeout: 'soon' }, 'typeProperties.timeout: expected a TimeSpan'],
  ] as const)('rejects bad settings %j', async (tp, message) => {
    await expect(run(tp)).rejects.toMatchObject({
      code: 'activity/invalid-settings',
      message: expect.stringContaining(`WebHook Hook: ${message}`) as unknown,
    });
  });
});

describe('WebHook in a pipeline', () => {
  const project = mkdtempSync(join(tmpdir(), 'millrace-webhook-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('waits for the callback, and a later activity reads its output', async () => {
    mkdirSync(join(project, 'pipeline'), { recursive: true });
    writeFileSync(
      join(project, 'pipeline', 'PL_Hook.json'),
      JSON.stringify({
        name: 'PL_Hook',
        properties: {
          parameters: { base: { type: 'String' } },
          variables: { echoed: { type: 'String' } },
          activities: [
            {
              name: 'Hook',
              type: 'WebHook',
              typeProperties: {
                method: 'POST',
                url: "@concat(pipeline().parameters.base, '/hook')",
                headers: { 'Content-Type': 'application/json' },
                body: { job: '@pipeline().Pipeline' },
                timeout: '00:01:00',
              },
            },
            {
              name: 'Keep',
              type: 'SetVariable',
              dependsOn: [{ activity: 'Hook', dependencyConditions: ['Succeeded'] }],
              typeProperties: { variableName: 'echoed', value: "@activity('Hook').output.echo" },
            },
          ],
        },
      }),
    );
    const millrace = await createMillrace({ projectDir: project });
    try {
      const result = await millrace.runPipeline('PL_Hook', { rawParameters: { base } });
      expect(result.status).toBe('Succeeded');
      expect(result.activityRuns.find((a) => a.activityName === 'Keep')?.output).toEqual({
        name: 'echoed',
        value: 'PL_Hook',
      });
    } finally {
      await millrace.close();
    }
  });
});

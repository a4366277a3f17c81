import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerHarness } from './testing/server-fixture.js';
import { startServerHarness, talker } from './testing/server-fixture.js';
import { createMillrace, openAccess } from '../index.js';
import { startServer } from './index.js';

const web = mkdtempSync(join(tmpdir(), 'millrace-web-'));
mkdirSync(join(web, 'assets'));
writeFileSync(join(web, 'index.html'), '<!doctype html><title>Millrace</title><div id="root"></div>');
writeFileSync(join(web, 'assets', 'main-abc123.js'), 'console.log(1)');

let h: ServerHarness;
beforeAll(async () => {
  h = await startServerHarness({ webRoot: web });
});
afterAll(async () => {
  await h.close();
  rmSync(web, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  h.server.inject({ method: 'GET', url, headers });
const html = { accept: 'text/html,application/xhtml+xml' };

describe('server: web UI', () => {
  it('serves index.html at / without a token, revalidated on every load', async () => {
    const res = await get('/', html);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root">');
  });
  it('caches hashed assets for a year', async () => {
    const res = await get('/assets/main-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log(1)');
  });
  it('answers a deep link of the UI with index.html (SPA fallback)', async () => {
    const res = await get('/runs/0f1e-abc?tab=gantt', html);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Millrace</title>');
  });
  it('keeps JSON 404s for the API, missing assets and non-browser requests', async () => {
    for (const [url, headers] of [
      ['/api/nope', html],
      ['/assets/missing-1.js', html],
      ['/runs/x', { accept: 'application/json' }],
    ] as const) {
      const res = await get(url, headers);
      expect(res.statusCode, url).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'api/not-found' } });
    }
  });
});

describe('server: pipeline findings', () => {
  it('GET /api/pipelines/:name carries the validation findings located in its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'millrace-findings-'));
    mkdirSync(join(dir, 'pipeline'));
    const wait = (name: string, dependsOn: object[]) => ({
      name,
      type: 'Wait',
      dependsOn,
      typeProperties: { waitTimeInSeconds: 0 },
    });
    writeFileSync(
      join(dir, 'pipeline', 'PL_Bad.json'),
      JSON.stringify({
        name: 'PL_Bad',
        properties: { activities: [wait('A', [{ activity: 'Nope', dependencyConditions: ['Succeeded'] }])] },
      }),
    );
    writeFileSync(
      join(dir, 'pipeline', 'PL_Good.json'),
      JSON.stringify({ name: 'PL_Good', properties: { activities: [wait('B', [])] } }),
    );
    const token = await (async () => {
      const access = await openAccess({ projectDir: dir });
      const t = (await access.createToken('r', 'reader')).token;
      await access.close();
      return t;
    })();
    const server = await startServer({ projectDir: dir, port: 0, scheduler: false, webRoot: false });
    try {
      const get = async (name: string) =>
        JSON.parse(
          (
            await server.inject({
              method: 'GET',
              url: `/api/pipelines/${name}`,
              headers: { authorization: `Bearer ${token}` },
            })
          ).body,
        ) as { findings: unknown[] };
      expect((await get('PL_Bad')).findings).toEqual([
        {
          code: 'validate/unknown-dependency',
          severity: 'error',
          message: 'activity "A" depends on unknown activity "Nope" (none defined)',
          path: 'properties.activities[0].dependsOn[0].activity',
          line: 1,
          column: expect.any(Number) as number,
        },
      ]);
      expect((await get('PL_Good')).findings).toEqual([]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('server: whoami and run events', () => {
  it('GET /api/whoami names the token and its role; 401 without one', async () => {
    for (const role of ['reader', 'operator', 'deployer', 'admin'] as const) {
      const res = await get('/api/whoami', { authorization: `Bearer ${h.tokens[role]}` });
      expect(JSON.parse(res.body)).toEqual({ name: role[0], role });
    }
    expect((await get('/api/whoami')).statusCode).toBe(401);
  });
  it('GET /api/events streams the status changes of a run as it runs', async () => {
    const ac = new AbortController();
    const res = await fetch(`${h.server.url}/api/events`, {
      headers: { authorization: `Bearer ${h.tokens.reader}` },
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const started = await h.server.inject({
      method: 'POST',
      url: '/api/pipelines/Quick/runs',
      headers: { authorization: `Bearer ${h.tokens.operator}` },
      payload: {},
    });
    const runId = (JSON.parse(started.body) as { runId: string }).runId;
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('"kind":"run-finished"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ac.abort();
    const changes = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as object);
    expect(changes).toContainEqual({ kind: 'run-created', runId, pipeline: 'Quick', status: 'InProgress' });
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'activity-finished', runId, activityName: 'Say', status: 'Succeeded' }),
    );
    expect(changes.at(-1)).toEqual({ kind: 'run-finished', runId, status: 'Succeeded' });
  });
  it('GET /api/events also reports runs of another process on the same store, within about a second', async () => {
    const ac = new AbortController();
    const res = await fetch(`${h.server.url}/api/events`, {
      headers: { authorization: `Bearer ${h.tokens.reader}` },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    // Another Millrace over the project: its own store connection, as a CLI `millrace run` would have.
    const other = await createMillrace({ projectDir: h.dir, executors: [talker] });
    let runId = '';
    try {
      await new Promise((r) => setTimeout(r, 300)); // the watcher has read the store once
      runId = (await other.runPipeline('Quick')).runId;
    } finally {
      await other.close();
    }
    let text = '';
    const decoder = new TextDecoder();
    const deadline = setTimeout(() => ac.abort(), 5_000);
    try {
      const ended = new RegExp(`"runId":"${runId}"[^\\n]*"status":"Succeeded"`);
      while (!ended.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    } catch {
      // aborted at the deadline: the assertions below say what was missing
    }
    clearTimeout(deadline);
    ac.abort();
    const changes = [...text.matchAll(/^data: (.*)$/gm)].map(
      (m) => JSON.parse(m[1]!) as { kind: string; runId: string; status?: string },
    );
    const mine = changes.filter((c) => c.runId === runId);
    // Created (already final when it ended between two reads), then started/finished if caught while running.
    expect(mine[0]).toMatchObject({ kind: 'run-created', runId, pipeline: 'Quick' });
    expect(mine.at(-1)?.status).toBe('Succeeded');
    expect(mine.every((c) => !c.kind.startsWith('activity-'))).toBe(true);
  });
  it('GET /api/runs filters on how runs were started and on environment', async () => {
    const list = async (query: string) =>
      JSON.parse((await get(`/api/runs?${query}`, { authorization: `Bearer ${h.tokens.reader}` })).body) as {
        total: number;
        runs: { invokedBy?: { triggerType: string } }[];
      };
    const manual = await list('triggerType=Manual');
    expect(manual.total).toBeGreaterThan(0);
    expect(manual.runs.every((r) => r.invokedBy?.triggerType === 'Manual')).toBe(true);
    expect((await list('triggerType=ScheduleTrigger')).total).toBe(0);
    expect((await list('environment=qa')).total).toBe(0);
  });
});

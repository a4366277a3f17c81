import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTriggers } from '../../index.js';
import type { ServerHarness } from '../testing/server-fixture.js';
import { startServerHarness } from '../testing/server-fixture.js';

type Role = 'reader' | 'operator' | 'deployer' | 'admin';
type Method = 'GET' | 'POST';

let h: ServerHarness;
let off: ServerHarness;
beforeAll(async () => {
  [h, off] = await Promise.all([startServerHarness(), startServerHarness({ scheduler: false })]);
});
afterAll(async () => {
  await Promise.all([h.close(), off.close()]);
});

const callOn =
  (harness: () => ServerHarness) => async (method: Method, url: string, role?: Role, payload?: object) => {
    const res = await harness().server.inject({
      method,
      url,
      headers: role ? { authorization: `Bearer ${harness().tokens[role]}` } : {},
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, json: () => JSON.parse(res.body) as Record<string, unknown> };
  };
const call = callOn(() => h);

/** Polls `probe` (real clock: the hosted scheduler runs on it) until it returns a value. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const items = (body: Record<string, unknown>) => body['items'] as Record<string, unknown>[];

describe('trigger routes: roles', () => {
  const ROLES: Role[] = ['reader', 'operator', 'deployer', 'admin'];
  const routes: [string, Method, string, Role, object?][] = [
    ['list', 'GET', '/api/triggers', 'reader'],
    ['get', 'GET', '/api/triggers/TR_Hourly', 'reader'],
    ['runs', 'GET', '/api/triggers/TR_Hourly/runs', 'reader'],
    ['windows', 'GET', '/api/triggers/TR_Window/windows', 'reader'],
    ['stop', 'POST', '/api/triggers/TR_Hourly/stop', 'operator'],
    ['backfill', 'POST', '/api/triggers/TR_Hourly/backfill', 'operator', { from: 'x', to: 'y' }],
    ['rerun a window', 'POST', '/api/triggers/TR_Window/windows/rerun', 'operator', { windowStart: 'x' }],
  ];
  for (const [what, method, url, needed, body] of routes) {
    it(`${what}: allowed from ${needed} up, 403 below, 401 without a token`, async () => {
      for (const role of ROLES) {
        const res = await call(method, url, role, body);
        if (ROLES.indexOf(role) >= ROLES.indexOf(needed)) expect([401, 403]).not.toContain(res.status);
        else expect(res.json()).toMatchObject({ error: { code: 'api/forbidden' } });
      }
      expect((await call(method, url, undefined, body)).status).toBe(401);
    });
  }

  it('a reader lists triggers with type, pipelines, state and next run, but cannot start one', async () => {
    const res = await call('GET', '/api/triggers', 'reader');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ scheduler: 'running' });
    const hourly = items(res.json()).find((t) => t['name'] === 'TR_Hourly');
    expect(hourly).toMatchObject({ type: 'ScheduleTrigger', runtimeState: 'Stopped', pipelines: ['Quick'] });
    expect(Date.parse(hourly?.['nextRun'] as string)).toBeGreaterThan(Date.now());
    const window = items(res.json()).find((t) => t['name'] === 'TR_Window');
    expect(window).toEqual({
      name: 'TR_Window',
      type: 'TumblingWindowTrigger',
      runtimeState: 'Stopped',
      stateSource: 'factory',
      pipelines: ['Quick'],
    });
    const start = await call('POST', '/api/triggers/TR_Hourly/start', 'reader');
    expect(start.status).toBe(403);
    expect(start.json()).toMatchObject({ error: { code: 'api/forbidden' } });
  });

  it('an operator starts and stops a trigger (kept, audited; names match case-insensitively)', async () => {
    const started = await call('POST', '/api/triggers/tr_hourly/start', 'operator');
    expect(started.status).toBe(200);
    expect(started.json()).toEqual({ name: 'TR_Hourly', runtimeState: 'Started' });
    const one = (await call('GET', '/api/triggers/TR_Hourly', 'reader')).json();
    expect(one).toMatchObject({ runtimeState: 'Started', stateSource: 'store' });
    expect(one['resource']).toMatchObject({ name: 'TR_Hourly', properties: { type: 'ScheduleTrigger' } });
    const stopped = await call('POST', '/api/triggers/TR_Hourly/stop', 'operator');
    expect(stopped.json()).toEqual({ name: 'TR_Hourly', runtimeState: 'Stopped' });
    const audit = (await call('GET', '/api/audit?actor=o', 'admin')).json();
    const actions = items(audit).map((e) => `${e['action'] as string} ${e['target'] as string}`);
    expect(actions).toEqual(expect.arrayContaining(['trigger.start TR_Hourly', 'trigger.stop TR_Hourly']));
  });
});

describe('trigger routes: bad requests', () => {
  it('unknown trigger → 404 trigger/unknown-trigger on every route', async () => {
    const routes: [Method, string, object?][] = [
      ['GET', '/api/triggers/Nope'],
      ['POST', '/api/triggers/Nope/start'],
      ['GET', '/api/triggers/Nope/runs'],
      ['GET', '/api/triggers/Nope/windows'],
      ['POST', '/api/triggers/Nope/backfill', { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' }],
      ['POST', '/api/triggers/Nope/windows/rerun', { windowStart: '2024-01-01T00:00:00Z' }],
    ];
    for (const [method, url, body] of routes) {
      const res = await call(method, url, 'operator', body);
      expect(res.status, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error: { code: 'trigger/unknown-trigger' } });
    }
  });
  it('backfill: an empty or reversed range, or windows not due yet → 400 trigger/invalid-range', async () => {
    const now = Date.now();
    for (const [from, to] of [
      [now - 3_600_000, now - 3_600_000],
      [now - 60_000, now - 3_600_000],
      [now - 3_600_000, now + 3_600_000],
    ] as const) {
      const body = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
      const res = await call('POST', '/api/triggers/TR_Window/backfill', 'operator', body);
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'trigger/invalid-range' } });
    }
  });
  it('backfill: missing or malformed times → 400 api/invalid-request naming the field', async () => {
    const url = '/api/triggers/TR_Window/backfill';
    const missing = await call('POST', url, 'operator', { from: '2024-01-01T00:00:00Z' });
    expect(missing.json()).toMatchObject({ error: { code: 'api/invalid-request', field: 'body.to' } });
    const bad = await call('POST', url, 'operator', { from: 'yesterday', to: '2024-01-01T00:00:00Z' });
    expect(bad.json()).toMatchObject({ error: { code: 'api/invalid-request', field: 'body.from' } });
  });
  it('windows, backfill and window reruns of a schedule trigger → 400 trigger/not-tumbling-window', async () => {
    const windows = await call('GET', '/api/triggers/TR_Hourly/windows', 'reader');
    expect(windows.status).toBe(400);
    expect(windows.json()).toMatchObject({ error: { code: 'trigger/not-tumbling-window' } });
    const body = { from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z' };
    const backfill = await call('POST', '/api/triggers/TR_Hourly/backfill', 'operator', body);
    expect(backfill.json()).toMatchObject({ error: { code: 'trigger/not-tumbling-window' } });
  });
  it('rerun of a window that never ran → 404 trigger/unknown-window; bad page size → 400', async () => {
    const res = await call('POST', '/api/triggers/TR_Window/windows/rerun', 'operator', {
      windowStart: '2001-01-01T00:00:00Z',
    });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'trigger/unknown-window' } });
    const page = await call('GET', '/api/triggers/TR_Window/runs?limit=0', 'reader');
    expect(page.json()).toMatchObject({ error: { code: 'api/invalid-request', field: 'querystring.limit' } });
  });
});

describe('trigger routes: the hosted scheduler', () => {
  it('fires the due windows of a started tumbling window trigger; the runs show in /api/runs', async () => {
    expect((await call('POST', '/api/triggers/TR_Window/start', 'operator')).status).toBe(200);
    const windows = await eventually(async () => {
      const page = (await call('GET', '/api/triggers/TR_Window/windows', 'reader')).json();
      const list = items(page);
      return list.length === 2 && list.every((w) => w['status'] === 'Succeeded') ? list : undefined;
    }, 'two windows to succeed');
    const runIds = windows.map((w) => w['runId'] as string);
    expect(windows[0]).toMatchObject({ kind: 'window', pipeline: 'Quick', attempt: 1 });
    expect(Date.parse(windows[0]?.['windowStart'] as string)).toBeGreaterThan(
      Date.parse(windows[1]?.['windowStart'] as string),
    );

    const runs = (await call('GET', '/api/runs?pipeline=Quick', 'reader')).json();
    const listed = (runs['runs'] as Record<string, unknown>[]).filter((r) =>
      runIds.includes(r['runId'] as string),
    );
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      status: 'Succeeded',
      invokedBy: { triggerType: 'TumblingWindowTrigger' },
    });
    const doc = (await call('GET', `/api/runs/${runIds[0] ?? ''}`, 'reader')).json();
    expect(doc).toMatchObject({ parameters: { count: 2 } });

    // trigger runs page newest first
    const first = (await call('GET', '/api/triggers/TR_Window/runs?limit=1', 'reader')).json();
    expect(first).toMatchObject({ limit: 1, offset: 0, nextOffset: 1 });
    expect(items(first)[0]).toMatchObject({ runId: runIds[0], status: 'Succeeded' });
    const second = (await call('GET', '/api/triggers/TR_Window/runs?limit=1&offset=1', 'reader')).json();
    expect(items(second)[0]).toMatchObject({ runId: runIds[1] });
    expect(second).not.toHaveProperty('nextOffset');
    const failed = (await call('GET', '/api/triggers/TR_Window/runs?status=Failed', 'reader')).json();
    expect(items(failed)).toEqual([]);

    // rerun one window, then backfill both: each runs again with a new pipeline run
    const windowStart = windows[1]?.['windowStart'] as string;
    const rerun = await call('POST', '/api/triggers/TR_Window/windows/rerun', 'operator', { windowStart });
    expect(rerun.status).toBe(202);
    expect(rerun.json()).toEqual({ trigger: 'TR_Window', windowStart, status: 'Waiting' });
    await eventually(async () => {
      const w = items((await call('GET', '/api/triggers/TR_Window/windows', 'reader')).json())[1];
      return w?.['status'] === 'Succeeded' && w['attempt'] === 2 ? w : undefined;
    }, 'the rerun window to succeed');
    const backfill = await call('POST', '/api/triggers/TR_Window/backfill', 'operator', {
      from: windowStart,
      to: windows[0]?.['windowEnd'],
    });
    expect(backfill.status).toBe(202);
    expect(backfill.json()).toMatchObject({ trigger: 'TR_Window', windows: 2 });
    await eventually(async () => {
      const list = items((await call('GET', '/api/triggers/TR_Window/windows', 'reader')).json());
      return list.every((w) => w['status'] === 'Succeeded' && (w['attempt'] as number) >= 2)
        ? list
        : undefined;
    }, 'the backfilled windows to succeed');
    const audit = items((await call('GET', '/api/audit?action=trigger.backfill', 'admin')).json());
    expect(audit[0]).toMatchObject({ actor: 'o', target: 'TR_Window' });
  });

  it('with the scheduler off, triggers are listed and started but nothing fires', async () => {
    const callOff = callOn(() => off);
    expect((await callOff('GET', '/api/triggers', 'reader')).json()).toMatchObject({ scheduler: 'off' });
    expect((await callOff('POST', '/api/triggers/TR_Window/start', 'operator')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(items((await callOff('GET', '/api/triggers/TR_Window/windows', 'reader')).json())).toEqual([]);
  });

  it('stops on close: the scheduler first, then the runs it started are cancelled and recorded', async () => {
    const own = await startServerHarness();
    const callOwn = callOn(() => own);
    try {
      expect((await callOwn('POST', '/api/triggers/TR_SlowWindow/start', 'operator')).status).toBe(200);
      const running = await eventually(async () => {
        const w = items((await callOwn('GET', '/api/triggers/TR_SlowWindow/windows', 'reader')).json());
        return w.find((x) => x['status'] === 'Running' && x['runId'] !== undefined);
      }, 'a window to run');
      await own.server.close();
      const triggers = await openTriggers({ projectDir: own.dir });
      try {
        const windows = await triggers.windows('TR_SlowWindow');
        expect(windows.find((w) => w.runId === running['runId'])).toMatchObject({ status: 'Cancelled' });
        expect(windows.filter((w) => w.status === 'Running')).toEqual([]);
      } finally {
        await triggers.close();
      }
    } finally {
      await own.close();
    }
  });
});

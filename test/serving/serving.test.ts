import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModels, servingStatus } from '../../src/index.js';
import { proxiedArtifactPath } from '../../src/ml/index.js';
import type { RunningScoringServer } from '../../src/server/index.js';
import { serveModel } from '../../src/server/index.js';
import { testPython } from '../ml/mlflow-harness.js';
import type { ServingHarness } from './serving-harness.js';
import { startServingHarness } from './serving-harness.js';

let h: ServingHarness;
/** The folder of a model version in a project's default artifact store (`.millrace/mlartifacts`). */
function projectModelFolder(dir: string, storageLocation: string): string {
  const path = proxiedArtifactPath(storageLocation);
  if (path === undefined) throw new Error(`not in the artifact store: ${storageLocation}`);
  return join(dir, '.millrace', 'mlartifacts', ...path.split('/'));
}

let standalone: RunningScoringServer;

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const score = async (base: string, init: RequestInit) => {
  const res = await fetch(`${base}/invocations`, init);
  const text = await res.text();
  let doc: Record<string, unknown> = {};
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    doc = { text };
  }
  return { status: res.status, doc, text };
};
const until = async (check: () => Promise<boolean>, ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
};
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  h = await startServingHarness();
  expect(await h.register(['linear'])).toEqual({ price: '1' });
  await h.setAlias('price', 'champion', '1');
  standalone = await serveModel({
    projectDir: h.dir,
    model: 'price@champion',
    environment: 'prod',
    port: 0,
    workers: 2,
    pollMs: 100,
    bodyLimit: 1024 * 1024,
  });
}, 300_000);
afterAll(async () => {
  await standalone?.close();
  await h?.close();
});

describe('millrace models serve: MLflow scoring protocol', () => {
  it('scores dataframe_split, dataframe_records, instances, inputs and CSV', async () => {
    const base = standalone.url;
    expect(standalone.status()).toMatchObject({ env: 'prod', model: 'price', version: '1', workers: 2 });
    const split = await score(base, json({ dataframe_split: { columns: ['sqft'], data: [[1000], [2000]] } }));
    expect(split.status).toBe(200);
    const p = split.doc['predictions'] as number[];
    expect(p[0]).toBeCloseTo(170000, 3);
    expect(p[1]).toBeCloseTo(320000, 3);
    for (const body of [
      { dataframe_records: [{ sqft: 1000 }] },
      { instances: [{ sqft: 1000 }] },
      { inputs: { sqft: [1000] } },
    ]) {
      const r = await score(base, json(body));
      expect(r.status).toBe(200);
      expect((r.doc['predictions'] as number[])[0]).toBeCloseTo(170000, 3);
    }
    const csv = await score(base, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'sqft\n1000\n3000\n',
    });
    expect(csv.status).toBe(200);
    expect((csv.doc['predictions'] as number[])[1]).toBeCloseTo(470000, 3);
    expect((await fetch(`${base}/ping`)).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await (await fetch(`${base}/version`)).text()).toMatch(/^3\.\d+\.\d+/);
  });

  it('answers bad input with MLflow error JSON: 400 naming the column, 415, 413', async () => {
    const base = standalone.url;
    const missing = await score(base, json({ dataframe_split: { columns: ['area'], data: [[1]] } }));
    expect(missing.status).toBe(400);
    expect(missing.doc).toMatchObject({ error_code: 'BAD_REQUEST' });
    expect(missing.doc['message']).toContain("column 'sqft' is required");
    const wrongType = await score(base, json({ dataframe_records: [{ sqft: 1 }, { sqft: 'big' }] }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.doc['message']).toContain("column 'sqft'");
    expect(wrongType.doc['message']).toContain('row 1');
    const badJson = await score(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{x',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.doc['error_code']).toBe('BAD_REQUEST');
    const noFormat = await score(base, json({ rows: [1] }));
    expect(noFormat.status).toBe(400);
    expect(String(noFormat.doc['message'])).toContain('exactly one of the input fields');
    const text = await score(base, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
    const big = await score(base, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `sqft\n${'1000\n'.repeat(300_000)}`,
    });
    expect(big.status).toBe(413);
    expect(big.doc['error_code']).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  it('replies as `mlflow models serve --env-manager local` does, request for request', async () => {
    const models = await openModels({ projectDir: h.dir });
    const v = (await models.versions('price', 'prod')).find((x) => x.version === '1');
    await models.close();
    const port = await freePort();
    const mlflow: ChildProcess = spawn(
      testPython(),
      [
        '-m',
        'mlflow',
        'models',
        'serve',
        '-m',
        projectModelFolder(h.dir, v?.storage_location ?? ''),
        '--env-manager',
        'local',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
      ],
      // `mlflow models serve` execs `uvicorn` from PATH: the venv's bin folder.
      {
        stdio: 'ignore',
        env: {
          ...process.env,
          PATH: `${dirname(testPython())}:${process.env['PATH'] ?? ''}`,
          GIT_PYTHON_REFRESH: 'quiet',
        },
      },
    );
    try {
      const theirs = `http://127.0.0.1:${port}`;
      await until(async () => (await fetch(`${theirs}/ping`)).status === 200, 90_000);
      const requests: RequestInit[] = [
        json({ dataframe_split: { columns: ['sqft'], data: [[1000], [1234.5]] } }),
        json({ dataframe_records: [{ sqft: 10 }, { sqft: 20 }] }),
        json({ instances: [{ sqft: 7 }] }),
        json({ inputs: { sqft: [3] } }),
        { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'sqft\n5\n6\n' },
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{x' },
        json({ rows: [1] }),
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
        { method: 'POST', headers: { 'content-type': 'application/json; charset=latin-1' }, body: '{}' },
      ];
      // Python prints sets in hash order, which differs between processes: compare them sorted.
      const sortSets = (doc: Record<string, unknown>) =>
        JSON.parse(
          JSON.stringify(doc).replace(
            /\{('[^'{}]*'(?:, '[^'{}]*')*)\}/g,
            (_m, items: string) => `{${items.split(', ').sort().join(', ')}}`,
          ),
        ) as unknown;
      for (const init of requests) {
        const [mine, ref] = [await score(standalone.url, init), await score(theirs, init)];
        expect({ status: mine.status, body: sortSets(mine.doc) }).toEqual({
          status: ref.status,
          body: sortSets(ref.doc),
        });
      }
      expect(await (await fetch(`${standalone.url}/version`)).text()).toBe(
        await (await fetch(`${theirs}/version`)).text(),
      );
    } finally {
      mlflow.kill('SIGKILL');
    }
  }, 120_000);
});

describe('millrace server: /serving/<env>/<model> from the environment definition', () => {
  const auth = () => ({ authorization: `Bearer ${h.tokens.reader}` });

  it('serves prod/price behind a reader token, lists it and exports metrics', async () => {
    const base = `${h.server.url}/serving/prod/price`;
    await until(async () => (await fetch(`${base}/ping`, { headers: auth() })).status === 200, 60_000);
    const ok = await fetch(`${base}/invocations`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ dataframe_split: { columns: ['sqft'], data: [[1000]] } }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { predictions: number[] }).predictions[0]).toBeCloseTo(170000, 3);
    const anonymous = await fetch(`${base}/invocations`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    const unknown = await fetch(`${h.server.url}/serving/prod/nope/invocations`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error_code: string }).error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    const list = (await (await fetch(`${h.server.url}/serving`, { headers: auth() })).json()) as {
      endpoints: { env: string; model: string; version: string }[];
    };
    expect(list.endpoints).toEqual([expect.objectContaining({ env: 'prod', model: 'price', version: '1' })]);
    const metrics = await (await fetch(`${h.server.url}/serving/metrics`, { headers: auth() })).text();
    expect(metrics).toContain('millrace_serving_model_version{env="prod",model="price",version="1"} 1');
    expect(metrics).toMatch(/millrace_serving_requests_total\{env="prod",model="price",status="200"\} [1-9]/);
    expect(metrics).toContain(
      'millrace_serving_request_duration_seconds_bucket{env="prod",model="price",le="+Inf"}',
    );
  });
});

describe('serving follows the registry', () => {
  it('swaps to the version the alias moves to under 200 req/s with 0 failed requests', async () => {
    expect(await h.register(['linear'], { SERVING_LINEAR_SLOPE: '300' })).toEqual({ price: '2' });
    const results: { sent: number; status: number; slope?: number }[] = [];
    // A keep-alive HTTP client: cheaper than fetch, so the load generator leaves the CPU to the server.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const body = Buffer.from(JSON.stringify({ dataframe_split: { columns: ['sqft'], data: [[1000]] } }));
    const fire = (sent: number) =>
      new Promise<void>((resolve) => {
        const req = http.request(
          `${standalone.url}/invocations`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': body.length },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const p = (JSON.parse(Buffer.concat(chunks).toString()) as { predictions?: number[] })
                .predictions?.[0];
              results.push({
                sent,
                status: res.statusCode ?? 0,
                ...(p === undefined ? {} : { slope: (p - 20000) / 1000 }),
              });
              resolve();
            });
          },
        );
        req.on('error', () => {
          results.push({ sent, status: 0 });
          resolve();
        });
        req.end(body);
      });
    const pending: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    let moved = false;
    // A constant 200 req/s; the alias moves after 1 s and the load goes on until v2 serves, and 1 s more.
    let swappedAt: number | undefined;
    while (performance.now() - start < 240_000) {
      const due = Math.floor(((performance.now() - start) / 1000) * 200);
      for (; sent < due; sent++) pending.push(fire(sent));
      if (!moved && performance.now() - start > 1000) {
        moved = true;
        await h.setAlias('price', 'champion', '2');
      }
      if (moved && swappedAt === undefined && standalone.status().version === '2')
        swappedAt = performance.now();
      if (swappedAt !== undefined && performance.now() - swappedAt > 1000) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(pending);
    expect(results.length).toBeGreaterThanOrEqual(900);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    agent.destroy();
    const mine = [...results].sort((a, b) => a.sent - b.sent);
    const slopes = mine.map((r) => Math.round(r.slope ?? 0));
    expect(slopes[0]).toBe(150);
    expect(slopes.at(-1)).toBe(300);
    // The switch is atomic: once a request sent later got v2, no request sent after it got v1.
    const firstV2 = slopes.indexOf(300);
    expect(slopes.slice(firstV2 + 20).every((s) => s === 300)).toBe(true);
    expect(standalone.status().version).toBe('2');
    await until(
      async () =>
        (
          (await (
            await fetch(`${h.server.url}/serving`, {
              headers: { authorization: `Bearer ${h.tokens.reader}` },
            })
          ).json()) as {
            endpoints: { version: string }[];
          }
        ).endpoints[0]?.version === '2',
      120_000,
    );
    const state = await servingStatus({ projectDir: h.dir, environment: 'prod' });
    expect(state.endpoints).toEqual([
      expect.objectContaining({ model: 'price', alias: 'champion', version: '2', running: true }),
    ]);
    expect(state.history).toContainEqual(expect.objectContaining({ version: '2', previous: '1' }));
  }, 400_000);

  it('restarts a killed worker without failing a request and counts it', async () => {
    const restarts = () =>
      fetch(`${standalone.url}/metrics`)
        .then((r) => r.text())
        .then((t) => Number(/millrace_serving_worker_restarts_total\{[^}]*\} (\d+)/.exec(t)?.[1] ?? NaN));
    const before = await restarts();
    const [victim] = standalone.status().workerPids;
    expect(victim).toBeGreaterThan(0);
    const pending = Array.from({ length: 300 }, (_, i) =>
      score(standalone.url, json({ dataframe_split: { columns: ['sqft'], data: [[i]] } })),
    );
    process.kill(victim ?? 0, 'SIGKILL');
    const replies = await Promise.all(pending);
    expect(replies.filter((r) => r.status !== 200)).toEqual([]);
    await until(() => Promise.resolve(standalone.status().workerPids.length === 2), 60_000);
    expect(standalone.status().workerPids).not.toContain(victim);
    expect(await restarts()).toBe(before + 1);
  }, 90_000);
});

/**
 * Server benchmark: listing runs with 100,000 runs in the SQLite store (p50/p99 over 200 HTTP requests,
 * unfiltered and filtered), and 200 SSE clients following one run's log (every client gets every line;
 * time from `log` to the last client receiving the line).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ActivityExecutor } from '../src/index.js';
import { openAccess } from '../src/index.js';
import { startServer } from '../src/server/index.js';
import { SqliteRunStore } from '../src/store/index.js';
import type { BenchResult } from './bench-result.js';

/** Runs `seedRuns` writes (also used by the ui suite). */
export const RUNS = 100_000;
const REQUESTS = 200;
const CLIENTS = 200;
const LINES = 50;

/** Logs `performance.now()` LINES times, 20 ms apart: each client measures its own delay. */
const ticker: ActivityExecutor = {
  type: 'Ticker',
  async execute(ctx) {
    // Give every client time to connect: the figures are about following, not connecting.
    await new Promise((r) => setTimeout(r, 3000));
    for (let i = 0; i < LINES; i++) {
      ctx.log(`${i} ${performance.now()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return {};
  },
};

const STATUSES = ['Succeeded', 'Succeeded', 'Succeeded', 'Failed', 'Cancelled'] as const;

export function seedRuns(path: string): void {
  const store = new SqliteRunStore({ path, maxBatch: 10_000 });
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < RUNS; i++) {
    const runId = `run-${String(i).padStart(6, '0')}`;
    const queuedAt = t0 + i * 60_000;
    store.append({
      kind: 'run-created',
      run: {
        runId,
        pipeline: `PL_${i % 20}`,
        status: STATUSES[i % STATUSES.length] ?? 'Succeeded',
        parameters: { day: i },
        variables: {},
        output: {},
        groupId: runId,
        invokedBy: { triggerType: 'Manual' },
        contentHash: 'bench',
        queuedAt,
        start: queuedAt,
        end: queuedAt + 5_000,
      },
    });
  }
  void store.close();
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function latency(url: string, token: string): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS + 20; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    if (i >= 20) times.push(performance.now() - t); // the first 20 warm up
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p99: pct(times, 0.99) };
}

/** One SSE client: resolves with the delay of each line (ms). */
async function sseClient(url: string, token: string): Promise<number[]> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const delays: number[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const now = performance.now();
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (!event.startsWith('event: log')) continue;
      const line = (JSON.parse(event.split('data: ')[1] ?? '{}') as { line: string }).line;
      delays.push(now - Number(line.split(' ')[1]));
    }
  }
  return delays;
}

/** Runs the server benchmark. */
export async function benchServer(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-server-'));
  try {
    mkdirSync(join(dir, 'pipeline'));
    mkdirSync(join(dir, '.millrace'));
    writeFileSync(
      join(dir, 'pipeline', 'PL_Tick.json'),
      JSON.stringify({
        name: 'PL_Tick',
        properties: { activities: [{ name: 'Tick', type: 'Ticker', dependsOn: [], typeProperties: {} }] },
      }),
    );
    const t = performance.now();
    seedRuns(join(dir, '.millrace', 'state.db'));
    const seedMs = performance.now() - t;
    const access = await openAccess({ projectDir: dir });
    const { token } = await access.createToken('bench', 'operator');
    await access.close();
    const server = await startServer({ projectDir: dir, port: 0, executors: [ticker] });
    try {
      const results: BenchResult[] = [];
      for (const [name, query] of [
        ['GET /api/runs?limit=50', 'limit=50'],
        ['… &pipeline=PL_7', 'limit=50&pipeline=PL_7'],
        ['… &status=Failed', 'limit=50&status=Failed'],
        ['… &pipeline=PL_7&status=Failed&offset=500', 'limit=50&pipeline=PL_7&status=Failed&offset=500'],
      ] as const) {
        const { p50, p99 } = await latency(`${server.url}/api/runs?${query}`, token);
        results.push({ name: `${name} p50 (100k runs)`, value: p50, unit: 'ms' });
        results.push({ name: `${name} p99 (100k runs)`, value: p99, unit: 'ms', target: '< 20 ms' });
      }
      const start = await fetch(`${server.url}/api/pipelines/PL_Tick/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const { runId } = (await start.json()) as { runId: string };
      const streams = await Promise.all(
        Array.from({ length: CLIENTS }, () =>
          sseClient(`${server.url}/api/runs/${runId}/logs/stream`, token),
        ),
      );
      const complete = streams.filter((d) => d.length === LINES).length;
      const live = streams.flat().sort((a, b) => a - b);
      results.push({
        name: `${CLIENTS} SSE clients receiving all ${LINES} lines`,
        value: complete,
        unit: 'clients',
        target: `${CLIENTS}`,
      });
      results.push({ name: 'SSE fan-out delay p50 (log → client)', value: pct(live, 0.5), unit: 'ms' });
      results.push({ name: 'SSE fan-out delay p99 (log → client)', value: pct(live, 0.99), unit: 'ms' });
      results.push({
        name: `seeding ${RUNS.toLocaleString('en-US')} runs (group commit)`,
        value: seedMs,
        unit: 'ms',
      });
      return results;
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

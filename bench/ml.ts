/**
 * ML benchmark (issue #17): logging throughput through the real `mlflow` client against Millrace and against
 * MLflow's own `mlflow server` (SQLite backend) side by side, and `search_runs` with a filter over 100,000
 * runs: p50/p99 over 200 HTTP requests to `runs/search`, and over 200 `MlflowClient.search_runs` calls
 * against Millrace and against `mlflow server` holding the same 100,000 runs. Needs the pinned test Python
 * (`node scripts/python-test-env.js`). `MILLRACE_BENCH_ML_METRICS` sets the metric count (default 10,000).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openAccess } from '../src/index.js';
import { startServer } from '../src/server/index.js';
import { SqliteTrackingStore } from '../src/store/index.js';
import type { BenchResult } from './bench-result.js';

const run = promisify(execFile);
const RUNS = 100_000;
const REQUESTS = 200;
/** 100 of the 100,000 runs match: 1,000 by the metric, 10,000 by the param. */
const SELECTIVE_FILTER = "metrics.rmse < 0.01 and params.alpha = '0.3'";
/** 10,000 runs match: the page is the 100 latest of them. */
const BROAD_FILTER = "params.alpha = '0.3'";
const here = fileURLToPath(new URL('.', import.meta.url));

function testPython(): string {
  const r = spawnSync(process.execPath, [join(here, '..', 'scripts', 'python-test-env.js')], {
    encoding: 'utf8',
  });
  const python = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !python) throw new Error(`no test Python: ${r.stderr}`);
  return python;
}

async function logTimes(python: string, uri: string, token: string | undefined, n: number) {
  const { stdout } = await run(python, [join(here, 'ml_log.py'), String(n)], {
    env: { ...process.env, MLFLOW_TRACKING_URI: uri, ...(token ? { MLFLOW_TRACKING_TOKEN: token } : {}) },
    timeout: 1_800_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { log_metric_s: number; log_batch_s: number };
}

/** Starts `mlflow server` on a free-ish port and waits until it answers. */
async function mlflowServer(python: string, dir: string): Promise<{ url: string; stop: () => void }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    python,
    [
      '-m',
      'mlflow',
      'server',
      '--backend-store-uri',
      `sqlite:///${join(dir, 'mlflow.db')}`,
      '--artifacts-destination',
      join(dir, 'mlartifacts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1',
    ],
    // Its own process group: `mlflow server` starts uvicorn and job workers that must stop with it.
    { stdio: 'ignore', detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  };
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error('mlflow server did not start');
}

/** Run i of the seeded 100,000: its id, start time, `rmse` metric and `alpha` param. */
function seededRun(i: number) {
  return {
    id: i.toString(16).padStart(32, '0'),
    start: 1_700_000_000_000 + i,
    rmse: (i % 1000) / 1000,
    alpha: String((i % 10) / 10),
  };
}

/** 100,000 runs with a metric, a param and a tag each, written in one transaction. */
async function seedRuns(path: string): Promise<void> {
  const store = new SqliteTrackingStore(path);
  await store.createExperiment({
    name: 'Default',
    tags: [],
    now: 1,
    artifactLocation: (id) => `mlflow-artifacts:/${id}`,
  });
  await store.close();
  const db = new Database(path);
  const insertRun = db.prepare(
    `INSERT INTO ml_runs (run_id, experiment_id, run_name, user_id, status, start_time, artifact_uri, lifecycle_stage) VALUES (?, 0, ?, 'u', 'FINISHED', ?, '', 'active')`,
  );
  const metric = db.prepare(
    'INSERT INTO ml_latest_metrics (run_id, key, value, timestamp, step) VALUES (?, ?, ?, 1, 0)',
  );
  const param = db.prepare('INSERT INTO ml_params (run_id, key, value) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const r = seededRun(i);
      insertRun.run(r.id, `run-${i}`, r.start);
      metric.run(r.id, 'rmse', r.rmse);
      param.run(r.id, 'alpha', r.alpha);
    }
  })();
  db.close();
}

/** The same 100,000 runs in `mlflow server`'s own schema (experiment 0, `Default`, exists there). */
function seedMlflowRuns(path: string): void {
  const db = new Database(path);
  const insertRun = db.prepare(
    `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, source_version, lifecycle_stage, artifact_uri, experiment_id)
     VALUES (?, ?, 'LOCAL', '', '', 'u', 'FINISHED', ?, '', 'active', '', 0)`,
  );
  const metric = db.prepare(
    'INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, 1, 0, 0, ?)',
  );
  const param = db.prepare('INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const r = seededRun(i);
      insertRun.run(r.id, `run-${i}`, r.start);
      metric.run('rmse', r.rmse, r.id);
      param.run('alpha', r.alpha, r.id);
    }
  })();
  db.close();
}

/** p50/p99 of `MlflowClient.search_runs` calls (ms). */
async function clientSearch(python: string, uri: string, token: string | undefined, filter: string) {
  const { stdout } = await run(python, [join(here, 'ml_search.py'), '0', filter, String(REQUESTS)], {
    env: { ...process.env, MLFLOW_TRACKING_URI: uri, ...(token ? { MLFLOW_TRACKING_TOKEN: token } : {}) },
    timeout: 1_800_000,
  });
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    p50_ms: number;
    p99_ms: number;
    runs: number;
  };
  if (r.runs !== 100) throw new Error(`search_runs "${filter}" found ${r.runs} runs, expected 100`);
  return r;
}

/** p50/p99 of POST runs/search over HTTP (ms). */
async function httpSearch(url: string, token: string, filter: string) {
  const times: number[] = [];
  const body = JSON.stringify({ experiment_ids: ['0'], filter, max_results: 100 });
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const page = (await res.json()) as { runs?: unknown[] };
    times.push(performance.now() - t0);
    if (page.runs?.length !== 100)
      throw new Error(`runs/search "${filter}" found ${page.runs?.length ?? 0} runs`);
  }
  times.sort((a, b) => a - b);
  return { p50_ms: pct(times, 0.5), p99_ms: pct(times, 0.99) };
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/** The suite. */
export async function benchMl(): Promise<BenchResult[]> {
  const python = testPython();
  const n = Number(process.env['MILLRACE_BENCH_ML_METRICS'] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-ml-'));
  const results: BenchResult[] = [];
  try {
    mkdirSync(join(dir, 'pipeline'));
    writeFileSync(
      join(dir, 'pipeline', 'P.json'),
      JSON.stringify({ name: 'P', properties: { activities: [] } }),
    );
    await seedRuns(join(dir, '.millrace', 'state.db'));
    const access = await openAccess({ projectDir: dir });
    const token = (await access.createToken('bench', 'operator')).token;
    await access.close();
    const server = await startServer({ projectDir: dir, port: 0, scheduler: false });
    try {
      const http = {
        selective: await httpSearch(server.url, token, SELECTIVE_FILTER),
        broad: await httpSearch(server.url, token, BROAD_FILTER),
      };
      const client = {
        selective: await clientSearch(python, server.url, token, SELECTIVE_FILTER),
        broad: await clientSearch(python, server.url, token, BROAD_FILTER),
      };
      for (const [kind, filter] of [
        ['selective', SELECTIVE_FILTER],
        ['broad', BROAD_FILTER],
      ] as const) {
        for (const p of ['p50', 'p99'] as const)
          results.push({
            name: `runs/search HTTP ${p} (100k runs, ${filter})`,
            value: http[kind][`${p}_ms`],
            unit: 'ms',
            ...(p === 'p99' ? { target: '≤ 50 ms' } : {}),
          });
      }
      const ours = await logTimes(python, server.url, token, n);
      const theirs = await mlflowServer(python, dir).then(async (m) => {
        try {
          const logged = await logTimes(python, m.url, undefined, n);
          seedMlflowRuns(join(dir, 'mlflow.db'));
          const searched = {
            selective: await clientSearch(python, m.url, undefined, SELECTIVE_FILTER),
            broad: await clientSearch(python, m.url, undefined, BROAD_FILTER),
          };
          return { ...logged, searched };
        } finally {
          m.stop();
        }
      });
      for (const [kind, filter] of [
        ['selective', SELECTIVE_FILTER],
        ['broad', BROAD_FILTER],
      ] as const)
        for (const p of ['p50', 'p99'] as const)
          results.push({
            name: `mlflow client search_runs ${p} (100k runs, ${filter})`,
            value: client[kind][`${p}_ms`],
            unit: 'ms',
            baseline: { name: 'mlflow server (sqlite)', value: theirs.searched[kind][`${p}_ms`] },
            ...(p === 'p99' ? { target: '≤ 50 ms' } : {}),
          });
      for (const [key, label] of [
        ['log_metric_s', 'log_metric'],
        ['log_batch_s', 'log_batch'],
      ] as const)
        results.push({
          name: `${n.toLocaleString('en-US')} metrics via ${label}`,
          value: n / ours[key],
          unit: 'metrics/s',
          baseline: { name: 'mlflow server (sqlite)', value: n / theirs[key] },
          target: '≥ 1× mlflow server',
        });
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

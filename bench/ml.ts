/**
 * ML benchmark (issue #17): logging throughput through the real `mlflow` client against Millrace and against
 * MLflow's own `mlflow server` (SQLite backend) side by side, and `runs/search` with a filter over 100,000
 * runs (p50/p99 over 200 HTTP requests). Needs the pinned test Python (`node scripts/python-test-env.js`).
 * `MILLRACE_BENCH_ML_METRICS` sets the metric count (default 10,000).
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
      const id = i.toString(16).padStart(32, '0');
      insertRun.run(id, `run-${i}`, 1_700_000_000_000 + i);
      metric.run(id, 'rmse', (i % 1000) / 1000);
      param.run(id, 'alpha', String((i % 10) / 10));
    }
  })();
  db.close();
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
      const times: number[] = [];
      const body = JSON.stringify({
        experiment_ids: ['0'],
        filter: "metrics.rmse < 0.01 and params.alpha = '0.3'",
        max_results: 100,
      });
      for (let i = 0; i < REQUESTS; i++) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/2.0/mlflow/runs/search`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        await res.json();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results.push({ name: 'runs/search p50 (100k runs, filter)', value: pct(times, 0.5), unit: 'ms' });
      results.push({
        name: 'runs/search p99 (100k runs, filter)',
        value: pct(times, 0.99),
        unit: 'ms',
        target: '≤ 50 ms',
      });
      const ours = await logTimes(python, server.url, token, n);
      const theirs = await mlflowServer(python, dir).then(async (m) => {
        try {
          return await logTimes(python, m.url, undefined, n);
        } finally {
          m.stop();
        }
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

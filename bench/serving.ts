/**
 * Serving benchmark (issue #18): the reference demo's linear regression (`price ~ sqft`) and a 200-tree random
 * forest, each served by Millrace (`millrace models serve`, the built CLI in its own process) and by
 * `mlflow models serve --env-manager local` with the same number of workers, side by side in one run:
 * throughput and p50/p99 latency at concurrency 1, 10 and 50 with 1-row and 100-row requests (a closed-loop
 * keep-alive HTTP load generator), then an alias swap under a constant 200 requests/s (failed requests must
 * be 0). Needs the pinned test Python (`node scripts/python-test-env.js`). `MILLRACE_BENCH_SERVING_SECONDS`
 * sets the seconds per point (default 3); `MILLRACE_BENCH_SERVING_ONLY=linear` (or `forest`) runs one model's
 * points only (default: both).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { openAccess, openModels } from '../src/index.js';
import { proxiedArtifactPath } from '../src/ml/index.js';
import type { RunningScoringServer } from '../src/server/index.js';
import { serveModel, startServer } from '../src/server/index.js';
import type { BenchResult } from './bench-result.js';

const run = promisify(execFile);
/** The folder of a model version in a project's default artifact store (`.millrace/mlartifacts`). */
function projectModelFolder(dir: string, storageLocation: string): string {
  const path = proxiedArtifactPath(storageLocation);
  if (path === undefined) throw new Error(`not in the artifact store: ${storageLocation}`);
  return join(dir, '.millrace', 'mlartifacts', ...path.split('/'));
}

const here = fileURLToPath(new URL('.', import.meta.url));
const SECONDS = Number(process.env['MILLRACE_BENCH_SERVING_SECONDS'] ?? 3);
const WORKERS = 2;
const ONLY = process.env['MILLRACE_BENCH_SERVING_ONLY'];
const MODELS = [
  { model: 'price', key: 'linear' },
  { model: 'forest', key: 'forest' },
].filter((m) => ONLY === undefined || ONLY === '' || m.key === ONLY);

function testPython(): string {
  const r = spawnSync(process.execPath, [join(here, '..', 'scripts', 'python-test-env.js')], {
    encoding: 'utf8',
  });
  const python = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !python) throw new Error(`no test Python: ${r.stderr}`);
  return python;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** A project with `price` and `forest` registered (default registry), `champion` on version 1 (and `price` v2). */
async function prepareProject(python: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-serving-'));
  mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
  writeFileSync(join(dir, 'millrace.json'), JSON.stringify({ factory: 'factory', python }));
  const access = await openAccess({ projectDir: dir });
  const token = (await access.createToken('bench', 'operator')).token;
  await access.close();
  const server = await startServer({ projectDir: dir, port: 0, scheduler: false });
  try {
    const script = join(here, '..', 'test', 'serving', 'scripts', 'register_models.py');
    const env = {
      ...process.env,
      MLFLOW_TRACKING_URI: server.url,
      MLFLOW_TRACKING_TOKEN: token,
      GIT_PYTHON_REFRESH: 'quiet',
    };
    await run(python, [script, 'linear', 'forest'], { env, cwd: dir, timeout: 600_000 });
    await run(python, [script, 'linear'], {
      env: { ...env, SERVING_LINEAR_SLOPE: '300' },
      cwd: dir,
      timeout: 600_000,
    });
    for (const name of ['price', 'forest'])
      await fetch(`${server.url}/api/2.0/mlflow/registered-models/alias`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, alias: 'champion', version: '1' }),
      });
  } finally {
    await server.close();
  }
  return dir;
}

/** `mlflow models serve --env-manager local` on a free port, ready. */
async function mlflowServe(python: string, modelDir: string): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(
    python,
    [
      '-m',
      'mlflow',
      'models',
      'serve',
      '-m',
      modelDir,
      '--env-manager',
      'local',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-w',
      String(WORKERS),
    ],
    {
      stdio: 'ignore',
      detached: true,
      // It execs `uvicorn` from PATH: the venv's bin folder.
      env: {
        ...process.env,
        PATH: `${dirname(python)}:${process.env['PATH'] ?? ''}`,
        GIT_PYTHON_REFRESH: 'quiet',
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  };
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`${url}/ping`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error('mlflow models serve did not start');
}

/** `millrace models serve` (the built CLI, `dist/cli/main.js`) on a free port, ready. */
async function millraceServe(
  dir: string,
  model: string,
  python: string,
): Promise<{ url: string; stop: () => void }> {
  const main = join(here, '..', 'dist', 'cli', 'main.js');
  const child = spawn(
    process.execPath,
    [
      main,
      'models',
      'serve',
      model,
      '--port',
      '0',
      '--workers',
      String(WORKERS),
      '--python',
      python,
      '--project',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`millrace models serve exited (${String(code)})`)));
  });
  return { url: line.split(' on ').pop() ?? '', stop: () => child.kill('SIGTERM') };
}

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Closed loop: `concurrency` clients sending back to back for `seconds` (after a short warm-up). */
async function closedLoop(base: string, body: Buffer, concurrency: number, seconds: number): Promise<Load> {
  const url = new URL(`${base}/invocations`);
  const warm = performance.now() + 300;
  const end = warm + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const status = await post(url, body);
        if (t < warm) continue;
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { rps: latencies.length / seconds, p50: q(0.5), p99: q(0.99), errors };
}

function payload(model: string, rows: number): Buffer {
  if (model === 'price')
    return Buffer.from(
      JSON.stringify({
        dataframe_split: { columns: ['sqft'], data: Array.from({ length: rows }, (_, i) => [800 + i]) },
      }),
    );
  const data = Array.from({ length: rows }, (_, i) => [900 + i, 1 + (i % 5), i % 80, 5000 + i]);
  return Buffer.from(
    JSON.stringify({ dataframe_split: { columns: ['sqft', 'bedrooms', 'age', 'lot'], data } }),
  );
}

/** Open loop at `rps` on `price@champion` while the alias moves to v2: counts failed requests. */
async function swapUnderLoad(server: RunningScoringServer, dir: string, rps: number) {
  const url = new URL(`${server.url}/invocations`);
  const body = payload('price', 1);
  const pending: Promise<number>[] = [];
  const start = performance.now();
  let sent = 0;
  let moved: number | undefined;
  let swapped: number | undefined;
  while (performance.now() - start < 120_000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rps);
    for (; sent < due; sent++) pending.push(post(url, body));
    if (moved === undefined && performance.now() - start > 1000) {
      moved = performance.now();
      await moveAlias(dir, '2');
      void server.refresh();
    }
    if (moved !== undefined && swapped === undefined && server.status().version === '2')
      swapped = performance.now();
    if (swapped !== undefined && performance.now() - swapped > 1000) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const statuses = await Promise.all(pending);
  return {
    requests: statuses.length,
    failed: statuses.filter((s) => s !== 200).length,
    seconds: (performance.now() - start) / 1000,
    swapMs: swapped !== undefined && moved !== undefined ? swapped - moved : NaN,
  };
}

/** Moves `price@champion` in the default registry (the store, as `models promote` or a client would). */
async function moveAlias(dir: string, version: string): Promise<void> {
  const { SqliteModelRegistry } = await import('../src/store/index.js');
  const registry = new SqliteModelRegistry(join(dir, '.millrace', 'state.db'));
  await registry.setAlias('default', 'price', 'champion', version, { now: Date.now(), actor: 'bench' });
  await registry.close();
}

export async function benchServing(): Promise<BenchResult[]> {
  const python = testPython();
  const dir = await prepareProject(python);
  const out: BenchResult[] = [];
  try {
    if (MODELS.length === 0) throw new Error(`MILLRACE_BENCH_SERVING_ONLY: no model named ${ONLY ?? ''}`);
    for (const { model } of MODELS) {
      const label = model === 'price' ? 'linear regression' : 'random forest 200 trees';
      // Millrace in its own process (the built CLI), as MLflow's server is: the load generator gets this one.
      const mine = await millraceServe(dir, `${model}@champion`, python);
      const models = await openModels({ projectDir: dir });
      const v = (await models.versions(model)).find((x) => x.version === '1');
      await models.close();
      const theirs = await mlflowServe(python, projectModelFolder(dir, v?.storage_location ?? ''));
      try {
        for (const rows of [1, 100]) {
          const body = payload(model, rows);
          for (const concurrency of [1, 10, 50]) {
            // Alternate who goes first so neither always gets the warmer machine.
            const first = (rows + concurrency) % 2 === 0;
            const b0 = first ? undefined : await closedLoop(theirs.url, body, concurrency, SECONDS);
            const a = await closedLoop(mine.url, body, concurrency, SECONDS);
            const b = b0 ?? (await closedLoop(theirs.url, body, concurrency, SECONDS));
            const what = `${label}, ${rows} row(s), concurrency ${concurrency}`;
            const note = `errors ${a.errors}/${b.errors}; ${WORKERS} workers each`;
            out.push(
              {
                name: `${what}: throughput`,
                value: a.rps,
                unit: 'req/s',
                baseline: { name: 'mlflow models serve', value: b.rps },
                ...(concurrency === 10 ? { target: '≥ 1.5×' } : {}),
                note,
              },
              {
                name: `${what}: p50`,
                value: a.p50,
                unit: 'ms',
                baseline: { name: 'mlflow models serve', value: b.p50 },
              },
              {
                name: `${what}: p99`,
                value: a.p99,
                unit: 'ms',
                baseline: { name: 'mlflow models serve', value: b.p99 },
                ...(concurrency === 10 ? { target: '≤ 1×' } : {}),
              },
            );
            process.stderr.write(
              `bench serving: ${what}: ${a.rps.toFixed(0)} vs ${b.rps.toFixed(0)} req/s\n`,
            );
          }
        }
        if (model === 'price') {
          mine.stop();
          const swapping = await serveModel({
            projectDir: dir,
            model: 'price@champion',
            port: 0,
            workers: WORKERS,
            python,
            pollMs: 0,
          });
          const swap = await swapUnderLoad(swapping, dir, 200).finally(() => swapping.close());
          out.push({
            name: 'alias swap v1 → v2 under 200 req/s: failed requests',
            value: swap.failed,
            unit: 'requests',
            target: '0',
            note: `${swap.requests} requests over ${swap.seconds.toFixed(1)} s; new version loaded and switched in ${(swap.swapMs / 1000).toFixed(1)} s`,
          });
        }
      } finally {
        theirs.stop();
        mine.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/**
 * Execution on workers (issue 20): `millrace worker` processes take activity attempts from the work queue in
 * PostgreSQL while this process orchestrates the runs (`execution: workers`), measured in one run against
 * one worker (speed-up) and against the embedded engine (overhead):
 * - a ForEach of 2,000 CPU-bound activities (20 ms of busy CPU each) on 1 worker vs 2 workers, one slot each;
 * - queue throughput with trivial activities across 2 workers, and the per-activity overhead against the same
 *   pipeline on the embedded SQLite engine, where the activity runs in-process;
 * - chaos: 20 runs of a 200-activity pipeline while a worker is killed with SIGKILL every 2 s and restarted:
 *   runs that ended, activity runs lost, attempts repeated (allowed by the retry policy), counted;
 * - failover: the process orchestrating 10 such runs is killed with SIGKILL; the elected leader takes them over:
 *   runs that succeeded, activity runs lost, attempts repeated, and how soon after the kill they went on.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMillrace } from '../src/index.js';
import type { ActivityExecutor, RunDocument } from '../src/index.js';
import { dropSchemas, schemaUrl, testSchemaName } from '../src/store/postgres/testing/pg-test-schema.js';
import type { BenchResult } from './bench-result.js';

const workerScript = fileURLToPath(new URL('scale-worker-process.ts', import.meta.url));
const leaderScript = fileURLToPath(new URL('scale-leader-process.ts', import.meta.url));
const orchestratorScript = fileURLToPath(new URL('scale-orchestrator-process.ts', import.meta.url));

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'pipeline'), { recursive: true });
  const forEach = (name: string, n: number, inner: unknown, batchCount = 50) => ({
    name,
    type: 'ForEach',
    typeProperties: { items: `@range(0, ${n})`, isSequential: false, batchCount, activities: [inner] },
  });
  const write = (name: string, activities: unknown[]): void =>
    writeFileSync(
      join(dir, 'pipeline', `${name}.json`),
      JSON.stringify({ name, properties: { activities } }),
    );
  write('Cpu', [forEach('Loop', 2000, { name: 'Burn', type: 'Burn', typeProperties: { ms: 20 } })]);
  // Four ForEach of 50 slots side by side: 200 attempts in flight.
  write(
    'Trivial',
    [0, 1, 2, 3].map((i) => forEach(`Loop${i}`, 2500, { name: 'Noop', type: 'Noop', typeProperties: {} })),
  );
  write('Chaos', [
    forEach('Loop', 200, {
      name: 'Step',
      type: 'Noop',
      policy: { retry: 5, retryIntervalInSeconds: 0 },
      typeProperties: { sleepMs: 100 },
    }),
  ]);
}

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

async function startWorkers(dir: string, db: string, n: number, concurrency: number, leaseMs = 10_000) {
  const started = await Promise.all(
    Array.from({ length: n }, () => startWorker(dir, db, concurrency, leaseMs)),
  );
  return started;
}

function startWorker(dir: string, db: string, concurrency: number, leaseMs: number): Promise<WorkerProcess> {
  // The worker is this node process itself (tsx as a loader, not its CLI's child): SIGKILL reaches the worker.
  const args = ['--import', 'tsx', workerScript, dir, db, String(concurrency), String(leaseMs)];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve({ child, exited });
    });
    child.on('exit', (code) => reject(new Error(`bench worker exited ${code}`)));
  });
}

async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

/** Seconds of one run of `pipeline` orchestrated here on `workers` (after one warm-up run). */
async function timed(dir: string, db: string, pipeline: string): Promise<{ s: number; doc: RunDocument }> {
  const millrace = await createMillrace({ projectDir: dir, db, execution: 'workers' });
  try {
    const t0 = process.hrtime.bigint();
    const doc = await millrace.runPipeline(pipeline);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (doc.status !== 'Succeeded') throw new Error(`${pipeline} ended ${doc.status}`);
    return { s, doc };
  } finally {
    await millrace.close();
  }
}

const noopLocal: ActivityExecutor = { type: 'Noop', execute: () => Promise.resolve({ ok: true }) };

async function chaos(dir: string, db: string): Promise<BenchResult[]> {
  const workers = await startWorkers(dir, db, 2, 8, 2_000);
  let kills = 0;
  let stopped = false;
  // Every 2 s: SIGKILL the first worker, start a new one in its place.
  const killer = (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 2_000));
      if (stopped) break;
      const victim = workers.shift();
      victim?.child.kill('SIGKILL');
      kills++;
      workers.push(await startWorker(dir, db, 8, 2_000));
    }
  })();
  const millrace = await createMillrace({ projectDir: dir, db, execution: 'workers' });
  let docs: RunDocument[];
  const t0 = Date.now();
  try {
    const runs = await Promise.all(Array.from({ length: 20 }, () => millrace.startRun('Chaos')));
    docs = await Promise.all(runs.map((r) => r.done));
  } finally {
    stopped = true;
    await killer;
    await millrace.close();
    await stopWorkers(workers);
  }
  const ended = docs.filter((d) => d.status === 'Succeeded' || d.status === 'Failed').length;
  const totals = docs.map(lostAndRepeated);
  const lost = totals.reduce((n, t) => n + t.lost, 0);
  const repeated = totals.reduce((n, t) => n + t.repeated, 0);
  const note = `${kills} SIGKILLs in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${repeated} repeated attempts (WorkerLost, retry policy 5)`;
  return [
    {
      name: 'chaos: runs ended of 20 (200 activities each, a worker SIGKILLed every 2 s)',
      value: ended,
      unit: 'runs',
      target: '20',
      note,
    },
    { name: 'chaos: activity runs lost', value: lost, unit: 'activity runs', target: '0', note },
  ];
}

/** A tsx script as a child process (SIGKILL reaches it), and its stdout lines as they come. */
function spawnScript(script: string, args: readonly string[]): { child: ChildProcess; lines: AsyncLines } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { child, lines: new AsyncLines(child) };
}

/** The stdout lines of a child process, awaitable one predicate at a time. */
class AsyncLines {
  readonly seen: string[] = [];
  #waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  constructor(child: ChildProcess) {
    let buffer = '';
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        this.seen.push(line);
        for (const w of this.#waiters.filter((x) => x.match(line))) w.resolve(line);
        this.#waiters = this.#waiters.filter((x) => !x.match(line));
      }
    });
  }
  next(match: (line: string) => boolean, ms = 60_000): Promise<string> {
    const found = this.seen.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench: timed out waiting for a line')), ms);
      this.#waiters.push({
        match,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  }
}

/** Iterations of a Chaos run with no final attempt, and attempts beyond one per iteration. */
function lostAndRepeated(doc: RunDocument): { lost: number; repeated: number } {
  const steps = doc.activityRuns.filter((a) => a.activityName === 'Step');
  const byIteration = new Map<string, string[]>();
  for (const a of steps)
    byIteration.set(a.iteration ?? '', [...(byIteration.get(a.iteration ?? '') ?? []), a.status]);
  // Lost: an iteration without a final attempt (each ends Succeeded, or Failed after its last retry).
  const final = [...byIteration.values()].filter((s) => s.includes('Succeeded') || s.length === 6).length;
  return { lost: 200 - final, repeated: steps.length - byIteration.size };
}

async function failover(dir: string, db: string): Promise<BenchResult[]> {
  const workers = await startWorkers(dir, db, 2, 8, 2_000);
  const leader = spawnScript(leaderScript, [dir, db]);
  let orchestrator: ReturnType<typeof spawnScript> | undefined;
  const reader = await createMillrace({ projectDir: dir, db });
  try {
    await leader.lines.next((l) => l === 'leader');
    orchestrator = spawnScript(orchestratorScript, [dir, db, 'Chaos', '10']);
    const ids = JSON.parse(await orchestrator.lines.next((l) => l.startsWith('['))) as string[];
    await new Promise((r) => setTimeout(r, 3_000));
    orchestrator.child.kill('SIGKILL');
    const killedAt = Date.now();
    const docs: RunDocument[] = [];
    for (const id of ids) {
      for (let i = 0; ; i++) {
        const doc = await reader.getRun(id);
        if (doc && ['Succeeded', 'Failed', 'Cancelled'].includes(doc.status)) {
          docs.push(doc);
          break;
        }
        if (i > 1_200) throw new Error(`bench: run ${id} did not end`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const taken = leader.lines.seen
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { kind: string; runId: string; at: number })
      .filter((o) => ids.includes(o.runId));
    const resumed = taken.filter((o) => o.kind === 'resumed');
    const latest = Math.max(...resumed.map((o) => o.at - killedAt));
    const totals = docs.map(lostAndRepeated);
    const lost = totals.reduce((n, t) => n + t.lost, 0);
    const repeated = totals.reduce((n, t) => n + t.repeated, 0);
    const succeeded = docs.filter((d) => d.status === 'Succeeded').length;
    const note = `${resumed.length} of ${ids.length} runs taken over and resumed, the last ${(latest / 1000).toFixed(1)} s after the SIGKILL; ${repeated} repeated attempts (the attempts in flight on workers are adopted, not repeated)`;
    return [
      {
        name: 'failover: runs succeeded of 10 whose orchestrating process was SIGKILLed mid-run',
        value: succeeded,
        unit: 'runs',
        target: '10',
        note,
      },
      { name: 'failover: activity runs lost', value: lost, unit: 'activity runs', target: '0', note },
    ];
  } finally {
    orchestrator?.child.kill('SIGKILL');
    leader.child.kill('SIGTERM');
    await new Promise((r) => leader.child.once('exit', r));
    await reader.close();
    await stopWorkers(workers);
  }
}

export async function benchScaleWorkers(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-workers-'));
  const schemas: string[] = [];
  const fresh = (): string => {
    const s = testSchemaName('mr_bench_w');
    schemas.push(s);
    return schemaUrl(s);
  };
  try {
    writeProject(dir);
    const out: BenchResult[] = [];
    // CPU-bound: 1 worker with one slot, then 2 workers with one slot each (one core's worth each).
    const cpu: number[] = [];
    for (const n of [1, 2]) {
      const db = fresh();
      const workers = await startWorkers(dir, db, n, 1);
      try {
        cpu.push((await timed(dir, db, 'Cpu')).s);
      } finally {
        await stopWorkers(workers);
      }
    }
    out.push({
      name: 'ForEach of 2,000 CPU-bound activities (20 ms): speed-up of 2 workers over 1',
      value: cpu[0]! / cpu[1]!,
      unit: '×',
      target: '≥ 1.8×',
      note: `1 worker ${cpu[0]!.toFixed(1)} s, 2 workers ${cpu[1]!.toFixed(1)} s`,
    });
    // Throughput with trivial activities across 2 workers, vs the embedded engine running them in-process.
    const db = fresh();
    const workers = await startWorkers(dir, db, 2, 128);
    let queued: { s: number; doc: RunDocument };
    try {
      await timed(dir, db, 'Trivial');
      queued = await timed(dir, db, 'Trivial');
    } finally {
      await stopWorkers(workers);
    }
    const activities = queued.doc.activityRuns.filter((a) => a.activityName === 'Noop').length;
    const local = await createMillrace({ projectDir: dir, executors: [noopLocal] });
    let localS: number;
    try {
      await local.runPipeline('Trivial');
      const t0 = process.hrtime.bigint();
      await local.runPipeline('Trivial');
      localS = Number(process.hrtime.bigint() - t0) / 1e9;
    } finally {
      await local.close();
    }
    out.push({
      name: 'queue throughput, trivial activities, 2 workers',
      value: activities / queued.s,
      unit: 'activity runs/s',
      target: '≥ 1,000/s',
      note: `${activities} activity runs in ${queued.s.toFixed(1)} s`,
    });
    out.push({
      name: 'per activity run, on workers (PostgreSQL queue)',
      value: (queued.s * 1000) / activities,
      unit: 'ms',
      baseline: { name: 'embedded engine (SQLite, in-process)', value: (localS * 1000) / activities },
    });
    out.push(...(await chaos(dir, fresh())));
    out.push(...(await failover(dir, fresh())));
    return out;
  } finally {
    await dropSchemas(schemas);
    rmSync(dir, { recursive: true, force: true });
  }
}

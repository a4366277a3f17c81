import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchemas, schemaUrl, testSchemaName } from '../../src/store/postgres/testing/pg-test-schema.js';
import { cli } from './run-cli.js';

// `millrace run --execution workers` orchestrates; `millrace worker` processes run the activities. A worker
// killed with SIGKILL while it holds an attempt loses it when its lease lapses; the engine retries it on another
// worker as the activity's retry policy says, and fails it (never hangs) when the policy allows no retry.
const work = mkdtempSync(join(tmpdir(), 'millrace-workers-e2e-'));
const schema = testSchemaName('mr_wrk');
const url = schemaUrl(schema);
const children: ChildProcess[] = [];
let http: Server;
let hits = 0;

interface Worker {
  readonly child: ChildProcess;
  /** Everything it printed on stderr so far. */
  readonly err: () => string;
}

beforeAll(async () => {
  // An endpoint that answers after 1.5 s: long enough to kill the worker that called it.
  http = createServer((_req, res) => {
    hits++;
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 1500);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const pipeline = (name: string, retry: number) => ({
    name,
    properties: {
      activities: [
        {
          name: 'Call',
          type: 'WebActivity',
          policy: { retry, retryIntervalInSeconds: 1 },
          typeProperties: { method: 'GET', url: `http://127.0.0.1:${port}/slow` },
        },
      ],
    },
  });
  mkdirSync(join(work, 'factory', 'pipeline'), { recursive: true });
  writeFileSync(join(work, 'millrace.json'), JSON.stringify({ factory: 'factory', database: url }));
  for (const [name, retry] of [
    ['PL_Retry', 2],
    ['PL_Once', 0],
  ] as const)
    writeFileSync(join(work, 'factory', 'pipeline', `${name}.json`), JSON.stringify(pipeline(name, retry)));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await dropSchemas([schema]);
  rmSync(work, { recursive: true, force: true });
});

function spawnCli(args: readonly string[]): ChildProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });
  children.push(child);
  return child;
}

async function startWorker(): Promise<Worker> {
  const child = spawnCli(['worker', '--concurrency', '1', '--lease', '2', '--verbose']);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 300 && !err.includes('taking from default'); i++) await sleep(50);
  expect(err).toContain('taking from default');
  return { child, err: () => err };
}

function run(pipeline: string): Promise<{ status: number | null; doc: RunDoc; ms: number }> {
  const t0 = Date.now();
  const child = spawnCli(['run', pipeline, '--execution', 'workers', '--json']);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.on('exit', (status) => resolve({ status, doc: JSON.parse(out) as RunDoc, ms: Date.now() - t0 })),
  );
}

interface RunDoc {
  status: string;
  activityRuns: { activityName: string; status: string; error?: { errorCode: string; message: string } }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until one of `workers` took an attempt of `pipeline`, and returns that worker. */
async function holder(workers: readonly Worker[], pipeline: string): Promise<Worker> {
  for (let i = 0; i < 400; i++) {
    const w = workers.find((x) => x.err().includes(`took ${pipeline}/Call`));
    if (w) return w;
    await sleep(25);
  }
  throw new Error(`no worker took ${pipeline}`);
}

describe('millrace worker', () => {
  it('retries the attempt of a SIGKILLed worker on another one, as the retry policy allows', async () => {
    const workers = [await startWorker(), await startWorker()];
    hits = 0;
    const result = run('PL_Retry');
    const victim = await holder(workers, 'PL_Retry');
    victim.child.kill('SIGKILL');
    const { status, doc } = await result;
    expect(status).toBe(0);
    expect(doc.status).toBe('Succeeded');
    const attempts = doc.activityRuns.filter((a) => a.activityName === 'Call');
    expect(attempts.map((a) => a.status)).toEqual(['Failed', 'Succeeded']);
    expect(attempts[0]?.error).toMatchObject({ errorCode: 'WorkerLost' });
    expect(attempts[0]?.error?.message).toContain('stopped renewing its lease');
    // The survivor ran the retry; the killed worker may or may not have sent its call before it died.
    const survivor = workers.find((w) => w !== victim);
    expect(survivor?.err()).toMatch(/succeeded PL_Retry\/Call \(run [\w-]+, attempt 2\)/);
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(hits).toBeLessThanOrEqual(2);
    survivor?.child.kill('SIGTERM');
  });

  it('fails the activity of a SIGKILLed worker when its policy allows no retry: the run ends, it does not hang', async () => {
    const w = await startWorker();
    const result = run('PL_Once');
    await holder([w], 'PL_Once');
    w.child.kill('SIGKILL');
    const { status, doc, ms } = await result;
    expect(status).toBe(1);
    expect(doc.status).toBe('Failed');
    expect(doc.activityRuns.filter((a) => a.activityName === 'Call').map((a) => a.error?.errorCode)).toEqual([
      'WorkerLost',
    ]);
    // Lease 2 s, the dispatcher polls every second: settled well within 10 s of the kill.
    expect(ms).toBeLessThan(10_000);
  });

  it('refuses to start on the embedded SQLite store, and `run --execution workers` too, with one clear line', () => {
    const plain = join(work, 'plain');
    mkdirSync(join(plain, 'pipeline'), { recursive: true });
    writeFileSync(
      join(plain, 'pipeline', 'PL.json'),
      JSON.stringify({ name: 'PL', properties: { activities: [] } }),
    );
    const env = { ...process.env, NO_COLOR: '1', MILLRACE_DB: '' };
    for (const args of [['worker'], ['run', 'PL', '--execution', 'workers']]) {
      const r = spawnSync(process.execPath, [cli, ...args, '--project', plain], {
        cwd: plain,
        encoding: 'utf8',
        env,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('config/workers-need-postgres');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchemas, schemaUrl, testSchemaName } from '../../src/store/postgres/testing/pg-test-schema.js';
import { cli, runCli } from './run-cli.js';

// Two `millrace server` processes on one PostgreSQL schema. A run started through one server's API is orchestrated
// by that server; it is killed with SIGKILL mid-run; the other (the scheduler leader) takes the run over and resumes
// it in place: what had finished is not done again; the call in flight is retried as its policy allows when it died
// with the server, and adopted when a worker was making it.
const work = mkdtempSync(join(tmpdir(), 'millrace-takeover-e2e-'));
const schema = testSchemaName('mr_tko');
const url = schemaUrl(schema);
const servers: { child: ChildProcess; url: string; log: () => string }[] = [];
const hits = new Map<string, number>();
let http: Server;
let token = '';

beforeAll(async () => {
  // Each item's call answers after 700 ms and is counted by its path.
  http = createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 700);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  mkdirSync(join(work, 'factory', 'pipeline'), { recursive: true });
  writeFileSync(join(work, 'millrace.json'), JSON.stringify({ factory: 'factory', database: url }));
  writeFileSync(
    join(work, 'factory', 'pipeline', 'PL_Items.json'),
    JSON.stringify({
      name: 'PL_Items',
      properties: {
        variables: { seen: { type: 'Array' } },
        activities: [
          {
            name: 'Loop',
            type: 'ForEach',
            typeProperties: {
              items: { value: '@range(1, 6)', type: 'Expression' },
              isSequential: true,
              activities: [
                {
                  name: 'Call',
                  type: 'WebActivity',
                  policy: { retry: 1, retryIntervalInSeconds: 1 },
                  typeProperties: {
                    method: 'GET',
                    url: {
                      value: `@concat('http://127.0.0.1:${port}/item/', string(item()))`,
                      type: 'Expression',
                    },
                  },
                },
                {
                  name: 'Note',
                  type: 'AppendVariable',
                  dependsOn: [{ activity: 'Call', dependencyConditions: ['Succeeded'] }],
                  typeProperties: { variableName: 'seen', value: { value: '@item()', type: 'Expression' } },
                },
              ],
            },
          },
        ],
      },
    }),
  );
  const created = runCli(work, ['tokens', 'create', '--name', 'ops', '--role', 'operator']);
  expect(created.status).toBe(0);
  token = created.stdout.trim();
});

afterAll(async () => {
  for (const s of servers)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await dropSchemas([schema]);
  rmSync(work, { recursive: true, force: true });
});

function startServer(extra: readonly string[] = []): Promise<(typeof servers)[number]> {
  const child = spawn(process.execPath, [cli, 'server', '--port', '0', '--log', ...extra], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        const entry = { child, url: m[1], log: () => out };
        servers.push(entry);
        resolve(entry);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  bearer = token,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as Record<string, unknown>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until item 3's call is in flight and items 1 and 2 are recorded as ended (read through the orchestrating
 * server, which writes what it buffered before it answers): the events of the last milliseconds before a crash
 * may not be durable, and an attempt whose end was not is rightly made again.
 */
async function untilDurable(base: string, runId: string, bearer = token): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (hits.has('/item/3')) {
      const doc = await api(base, 'GET', `/api/runs/${runId}`, undefined, bearer);
      const runs = (doc['activityRuns'] ?? []) as {
        activityName: string;
        iteration?: string;
        status: string;
      }[];
      const noted = runs.filter((r) => r.activityName === 'Note' && r.status === 'Succeeded').length;
      if (noted >= 2) return;
    }
    await sleep(25);
  }
  throw new Error('items 1 and 2 never ended');
}

/** A `millrace worker` taking one attempt at a time. */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'worker', '--concurrency', '1', '--lease', '2', '--verbose'], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });
  servers.push({ child, url: '', log: () => '' });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 300 && !err.includes('taking from default'); i++) await sleep(50);
  expect(err).toContain('taking from default');
  return child;
}

describe.each([
  ['is killed (SIGKILL)', 'in the server', [] as string[], 'SIGKILL'],
  ['is killed (SIGKILL)', 'on a worker', ['--execution', 'workers'], 'SIGKILL'],
  // A graceful stop (a rolling restart) hands the run over instead of cancelling it.
  ['stops (SIGTERM)', 'in the server', [] as string[], 'SIGTERM'],
] as const)('a run whose server %s is taken over, activities %s (e2e)', (_how, _where, extra, signal) => {
  it('is resumed by the other server where it stopped: nothing finished runs twice, the call in flight retried or adopted', async () => {
    hits.clear();
    const onWorker = extra.length > 0;
    if (onWorker) await startWorker();
    // Nothing of an earlier case's servers is left to take this run.
    for (const s of servers) if (s.url !== '' && s.child.exitCode === null) s.child.kill('SIGKILL');
    const a = await startServer(extra);
    const b = await startServer(extra);
    const started = await api(a.url, 'POST', '/api/pipelines/PL_Items/runs', {});
    const runId = String(started['runId']);
    // Kill the orchestrating server while item 3's call is in flight.
    await untilDurable(a.url, runId);
    expect(hits.get('/item/3')).toBe(1);
    const exited = new Promise<number | null>((r) => a.child.once('exit', (code) => r(code)));
    a.child.kill(signal);
    const killedAt = Date.now();
    if (signal === 'SIGTERM') {
      expect(await exited).toBe(0);
      expect(a.log()).toContain('handed 1 run(s) over to the other servers');
    }

    let doc: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) {
      doc = await api(b.url, 'GET', `/api/runs/${runId}`);
      if (doc['status'] === 'Succeeded' || doc['status'] === 'Failed') break;
      await sleep(100);
    }
    expect(doc['status']).toBe('Succeeded');
    // Same run, same id: items 1 and 2 were called once, item 3 again (its attempt was lost), 4..6 once.
    expect(Object.fromEntries(hits)).toEqual({
      '/item/1': 1,
      '/item/2': 1,
      // In the server, the call died with it and is made again; on a worker it went on and is adopted.
      '/item/3': onWorker ? 1 : 2,
      '/item/4': 1,
      '/item/5': 1,
      '/item/6': 1,
    });
    // The variable appended to before the death is restored, not started over.
    expect((doc['variables'] as Record<string, unknown>)['seen']).toEqual([1, 2, 3, 4, 5, 6]);
    const runs = doc['activityRuns'] as {
      activityName: string;
      iteration?: string;
      status: string;
      error?: { errorCode: string };
    }[];
    expect(runs.filter((r) => r.activityName === 'Loop')).toHaveLength(1);
    expect(
      runs
        .filter((r) => r.iteration === 'Loop[2]' && r.activityName === 'Call')
        .map((r) => [r.status, r.error?.errorCode]),
    ).toEqual(
      onWorker
        ? [['Succeeded', undefined]]
        : [
            ['Failed', 'OrchestratorLost'],
            ['Succeeded', undefined],
          ],
    );
    for (let i = 0; i < 50 && !b.log().includes('taken over and resumed'); i++) await sleep(100);
    expect(
      b
        .log()
        .split('\n')
        .filter((l) => l.includes('dead server')),
    ).toEqual([expect.stringContaining(`"runId":"${runId}"`)]);
    // Well within the lease a dead server on another host would need (here its pid is known dead at once).
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    b.child.kill('SIGTERM');
    await new Promise((r) => b.child.once('exit', r));
  }, 120_000);
});

describe('a server on the embedded store (SQLite), restarted after a crash (e2e)', () => {
  it('resumes the run its killed predecessor left, where it stopped', async () => {
    hits.clear();
    for (const s of servers) if (s.url !== '' && s.child.exitCode === null) s.child.kill('SIGKILL');
    // The same project without a database: runs and tokens in its .millrace/state.db.
    const embedded = join(work, 'embedded');
    cpSync(join(work, 'factory'), join(embedded, 'factory'), { recursive: true });
    writeFileSync(join(embedded, 'millrace.json'), JSON.stringify({ factory: 'factory' }));
    const created = runCli(embedded, ['tokens', 'create', '--name', 'ops', '--role', 'operator']);
    expect(created.status).toBe(0);
    const local = created.stdout.trim();
    const first = await startServer(['--project', embedded]);
    const started = await api(first.url, 'POST', '/api/pipelines/PL_Items/runs', {}, local);
    const runId = String(started['runId']);
    await untilDurable(first.url, runId, local);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const again = await startServer(['--project', embedded]);
    let doc: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) {
      doc = await api(again.url, 'GET', `/api/runs/${runId}`, undefined, local);
      if (doc['status'] === 'Succeeded' || doc['status'] === 'Failed') break;
      await sleep(100);
    }
    expect(doc['status']).toBe('Succeeded');
    expect(doc['message']).toBeUndefined();
    expect(Object.fromEntries(hits)).toEqual({
      '/item/1': 1,
      '/item/2': 1,
      '/item/3': 2,
      '/item/4': 1,
      '/item/5': 1,
      '/item/6': 1,
    });
    expect((doc['variables'] as Record<string, unknown>)['seen']).toEqual([1, 2, 3, 4, 5, 6]);
    expect(again.log()).toContain('taken over and resumed');
  }, 120_000);
});

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  dropSchemas,
  schemaUrl,
  testSchemaName,
  TEST_DATABASE_URL,
} from '../../src/store/postgres/testing/pg-test-schema.js';
import { cli, runCli } from './run-cli.js';

// Three `millrace server` processes on one PostgreSQL schema: one scheduler leader fires a tumbling window
// trigger; the leader is killed with SIGKILL; another takes over within 10 s, resumes the killed leader's runs in
// flight, and every window runs.
const work = mkdtempSync(join(tmpdir(), 'millrace-scale-out-'));
const schema = testSchemaName('mr_e2e');
const url = schemaUrl(schema);
const MIN = 60_000;
const WINDOWS = 24;
const start = Math.floor(Date.now() / MIN) * MIN - WINDOWS * MIN;
const servers: ChildProcess[] = [];
const db = new pg.Client({ connectionString: TEST_DATABASE_URL });

afterAll(async () => {
  for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
  await db.end().catch(() => undefined);
  await dropSchemas([schema]);
  rmSync(work, { recursive: true, force: true });
});

function writeProject(root: string): void {
  const file = (rel: string, json: unknown): void => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), JSON.stringify(json, null, 2));
  };
  file('millrace.json', {});
  file('factory/pipeline/PL_Slice.json', {
    name: 'PL_Slice',
    properties: {
      parameters: { ws: { type: 'String' } },
      activities: [{ name: 'Pause', type: 'Wait', dependsOn: [], typeProperties: { waitTimeInSeconds: 1 } }],
    },
  });
  file('factory/trigger/TW_Minute.json', {
    name: 'TW_Minute',
    properties: {
      type: 'TumblingWindowTrigger',
      runtimeState: 'Started',
      pipeline: {
        pipelineReference: { referenceName: 'PL_Slice', type: 'PipelineReference' },
        parameters: { ws: '@trigger().outputs.windowStartTime' },
      },
      typeProperties: {
        frequency: 'Minute',
        interval: 1,
        startTime: new Date(start).toISOString(),
        maxConcurrency: 4,
        retryPolicy: { count: 2, intervalInSeconds: 1 },
      },
    },
  });
}

function startServer(project: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'server', '--port', '0', '--project', project, '--db', url], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
  });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve(child);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

/** The pid of the server whose lock connection holds an advisory lock (the scheduler leader), if any. */
async function leaderPid(): Promise<number | undefined> {
  const { rows } = await db.query<{ app: string }>(
    `SELECT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'millrace %'`,
  );
  const pids = rows.map((r) => Number(r.app.slice(r.app.lastIndexOf(':') + 1)));
  const ours = pids.filter((p) => servers.some((s) => s.pid === p));
  expect(ours.length).toBeLessThanOrEqual(1);
  return ours[0];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (sql: string, args: unknown[] = []): Promise<number> =>
  Number((await db.query<{ n: string }>(sql, args)).rows[0]?.n ?? 0);

describe('many servers on one PostgreSQL database (e2e)', () => {
  it('fire each window once from one elected scheduler, and a new leader takes over a SIGKILLed one (and its runs) within 10 s', async () => {
    const project = join(work, 'project');
    writeProject(project);
    await db.connect();
    await Promise.all([startServer(project), startServer(project), startServer(project)]);
    await db.query(`SET search_path = ${schema}`);
    const first = await until('a leader', leaderPid, 15_000);
    const ownerOf = (pid: number) => `%:${pid}`;
    // Kill the leader while it has runs in flight, after some windows ran.
    await until(
      'windows to run',
      async () =>
        (await count(`SELECT COUNT(*) AS n FROM trigger_runs WHERE status = 'Succeeded'`)) >= 4 &&
        (await count(
          `SELECT COUNT(*) AS n FROM pipeline_runs WHERE status = 'InProgress' AND owner LIKE $1`,
          [ownerOf(first)],
        )) > 0
          ? true
          : undefined,
      60_000,
    );
    const leader = servers.find((s) => s.pid === first)!;
    leader.kill('SIGKILL');
    const killedAt = Date.now();
    const second = await until(
      'a new leader',
      async () => {
        const pid = await leaderPid();
        return pid !== undefined && pid !== first ? pid : undefined;
      },
      10_000,
    );
    const failover = Date.now() - killedAt;
    expect(failover).toBeLessThan(10_000);

    // Every window that had ended when the test began runs to success.
    const keys = Array.from({ length: WINDOWS }, (_, i) => new Date(start + i * MIN).toISOString());
    await until(
      'every window to succeed',
      async () =>
        (await count(
          `SELECT COUNT(*) AS n FROM trigger_runs WHERE status = 'Succeeded' AND run_key = ANY($1::text[])`,
          [keys],
        )) === WINDOWS
          ? true
          : undefined,
      90_000,
    );
    const windows = await db.query<{ run_key: string; attempt: number; runs: string; ok: string }>(
      `SELECT t.run_key, t.attempt,
         (SELECT COUNT(*) FROM pipeline_runs p WHERE (p.parameters::json->>'ws')::timestamptz = t.window_start::timestamptz) AS runs,
         (SELECT COUNT(*) FROM pipeline_runs p WHERE (p.parameters::json->>'ws')::timestamptz = t.window_start::timestamptz
            AND p.status = 'Succeeded') AS ok
       FROM trigger_runs t WHERE t.run_key = ANY($1::text[]) ORDER BY t.run_key`,
      [keys],
    );
    expect(windows.rows.map((w) => w.run_key)).toEqual(keys);
    for (const w of windows.rows) {
      // One successful run per window: nothing fired twice.
      expect({ key: w.run_key, ok: Number(w.ok) }).toEqual({ key: w.run_key, ok: 1 });
      // Never more pipeline runs than claimed attempts (an attempt claimed by the killed leader just before it
      // died may have no run: the new leader puts it back to Waiting and claims it again).
      expect(Number(w.runs)).toBeLessThanOrEqual(w.attempt);
    }
    // The killed leader's runs in flight were taken over by the new leader and resumed (same run ids) to success;
    // none was ended interrupted.
    const resumed = await count(
      `SELECT COUNT(*) AS n FROM pipeline_runs WHERE queued_at < $1 AND owner LIKE $2 AND status = 'Succeeded'`,
      [new Date(killedAt).toISOString(), ownerOf(second)],
    );
    expect(resumed).toBeGreaterThan(0);
    expect(await count(`SELECT COUNT(*) AS n FROM pipeline_runs WHERE interrupted = 1`)).toBe(0);
    // None of the killed leader's runs is left hanging (the new leader may be running a newer window).
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM pipeline_runs WHERE status IN ('InProgress', 'Queued') AND owner LIKE $1`,
        [ownerOf(first)],
      ),
    ).toBe(0);
    // Only the leader of the moment started runs: the first before the kill, the second after it.
    const owners = await db.query<{ owner: string }>(
      `SELECT DISTINCT owner FROM pipeline_runs WHERE queued_at > $1`,
      [new Date(killedAt).toISOString()],
    );
    expect(owners.rows.map((r) => r.owner.slice(r.owner.lastIndexOf(':') + 1))).toEqual([String(second)]);
    // Before it, only the first (and the second for the runs it took over).
    const beforeKill = await db.query<{ owner: string }>(
      `SELECT DISTINCT owner FROM pipeline_runs WHERE queued_at < $1 ORDER BY owner`,
      [new Date(killedAt).toISOString()],
    );
    expect(beforeKill.rows.map((r) => Number(r.owner.slice(r.owner.lastIndexOf(':') + 1))).sort()).toEqual(
      [first, second].sort(),
    );

    // The others stop cleanly on SIGTERM.
    const alive = servers.filter((s) => s.exitCode === null && s.signalCode === null);
    expect(alive).toHaveLength(2);
    const exits = alive.map((s) => new Promise((r) => s.once('exit', (code) => r(code))));
    for (const s of alive) s.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0]);
  }, 180_000);

  it('lists the runs of the shared database from the CLI with --db, and tokens created there', () => {
    const project = join(work, 'project');
    const list = runCli(work, ['runs', 'list', '--json', '--project', project, '--db', url, '--limit', '5']);
    expect(list.status).toBe(0);
    const page = JSON.parse(list.stdout) as { total: number; runs: { pipeline: string }[] };
    expect(page.total).toBeGreaterThanOrEqual(WINDOWS);
    expect(page.runs.every((r) => r.pipeline === 'PL_Slice')).toBe(true);
    const created = runCli(work, [
      'tokens',
      'create',
      '--name',
      'ops',
      '--role',
      'reader',
      '--project',
      project,
      '--db',
      url,
    ]);
    expect(created.status).toBe(0);
    const tokens = runCli(work, ['tokens', 'list', '--json', '--project', project, '--db', url]);
    expect(tokens.stdout).toContain('"ops"');
    // The project's own SQLite file knows nothing of them.
    const local = runCli(work, ['tokens', 'list', '--json', '--project', project]);
    expect(local.stdout).not.toContain('"ops"');
  });

  it('fails with one line and a code, never the password, when the database cannot be reached', () => {
    const project = join(work, 'project');
    const r = runCli(work, [
      'runs',
      'list',
      '--project',
      project,
      '--db',
      'postgres://millrace:hunter2@127.0.0.1:1/state',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^error store\/database-unreachable: cannot reach the state database postgres:\/\/millrace:\*\*\*@127\.0\.0\.1:1\/state: ECONNREFUSED/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
    const embedded = runCli(work, ['runs', 'list', '--project', project]);
    expect(embedded.status).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDeployLock } from '../../src/store/index.js';

// Many deploys at once against a lock left by a dead process: every one takes it over in turn, never two at
// once. Real processes racing on one lock file.
const dir = mkdtempSync(path.join(tmpdir(), 'millrace-lock-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const contender = path.resolve(import.meta.dirname, '..', 'fixtures', 'deploy-lock', 'contender.ts');
const tsx = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** A pid that is surely dead: a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

async function round(n: number, contenders: number): Promise<{ acquire: number; release: number }[]> {
  const file = path.join(dir, `lock-${n}.db`);
  const journal = path.join(dir, `journal-${n}.txt`);
  const start = path.join(dir, `start-${n}`);
  writeFileSync(journal, '');
  // The stale holder: its process died with the lease still running.
  await (await acquireDeployLock(file, { environment: 'race' })).release();
  const db = new Database(file);
  db.prepare(
    'INSERT OR REPLACE INTO holder (id, token, pid, host, at, expires) VALUES (1, ?, ?, ?, ?, ?)',
  ).run('dead', await deadPid(), hostname(), new Date().toISOString(), Date.now() + 60_000);
  db.close();
  const children = Array.from({ length: contenders }, () =>
    spawn(process.execPath, [tsx, contender, file, journal, start], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  let stderr = '';
  for (const c of children) c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise((r) => setTimeout(r, 1500)); // let every contender start and wait for the signal
  writeFileSync(start, '');
  const codes = await Promise.all(children.map((c) => new Promise((r) => c.on('exit', r))));
  expect(codes, stderr).toEqual(children.map(() => 0));
  const byPid = new Map<string, { acquire: number; release: number }>();
  for (const line of readFileSync(journal, 'utf8').trim().split('\n')) {
    const [what, pid, at] = line.split(' ') as [string, string, string];
    const e = byPid.get(pid) ?? { acquire: NaN, release: NaN };
    byPid.set(pid, { ...e, [what]: Number(at) });
  }
  return [...byPid.values()].sort((a, b) => a.acquire - b.acquire);
}

describe('deploy lock take-over race', () => {
  it('gives the lock to one process at a time, in every round', async () => {
    for (let n = 0; n < 5; n++) {
      const holds = await round(n, 6);
      expect(holds).toHaveLength(6);
      for (let i = 1; i < holds.length; i++)
        expect(holds[i]!.acquire, `round ${n}: two holders at once`).toBeGreaterThanOrEqual(
          holds[i - 1]!.release,
        );
    }
  }, 120_000);

  it('lets a live holder keep it: another fails with deploy/locked naming the holder', async () => {
    const file = path.join(dir, 'live.db');
    const held = await acquireDeployLock(file, { environment: 'qa' });
    await expect(acquireDeployLock(file, { environment: 'qa' })).rejects.toMatchObject({
      code: 'deploy/locked',
      message: expect.stringContaining(`pid ${process.pid}`) as unknown,
    });
    await held.release();
    await (await acquireDeployLock(file, { environment: 'qa' })).release();
  });

  it('takes over a lock whose lease ran out, on any host', async () => {
    const file = path.join(dir, 'lease.db');
    await (await acquireDeployLock(file, { environment: 'qa' })).release();
    const db = new Database(file);
    db.prepare(
      'INSERT OR REPLACE INTO holder (id, token, pid, host, at, expires) VALUES (1, ?, ?, ?, ?, ?)',
    ).run('far', 1, 'another-host', new Date().toISOString(), Date.now() - 1);
    db.close();
    await (await acquireDeployLock(file, { environment: 'qa' })).release();
  });
});

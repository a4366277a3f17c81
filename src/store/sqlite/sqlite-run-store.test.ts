import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runRecord, runStoreContractSuite } from '../../contracts/testing/run-store-suite.js';
import { openSqliteRunStore } from './open-sqlite-run-store.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let current = '';

runStoreContractSuite('sqlite', {
  create: () => {
    current = join(dir, `s${n++}`, 'state.db');
    return openSqliteRunStore({ path: current });
  },
  // Reopening checks durability; recovery of dead owners' runs has its own tests.
  reopen: () => openSqliteRunStore({ path: current, recover: false }),
});

describe('SQLite run store', () => {
  it('creates the schema with a migrations table, in WAL mode', async () => {
    const path = join(dir, 'schema', 'state.db');
    const store = await openSqliteRunStore({ path });
    await store.close();
    const db = new Database(path);
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
      { version: 7 },
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // Reopening applies nothing twice.
    await (await openSqliteRunStore({ path })).close();
  });

  it('marks a run left InProgress by a crashed process as interrupted when reopened', async () => {
    const path = join(dir, 'crash', 'state.db');
    const store = await openSqliteRunStore({ path });
    store.append({ kind: 'run-created', run: runRecord({ runId: 'r1', owner: 'gone-host:42' }) });
    await store.flush();
    // Simulate the crash: no close, no run-finished. Reopen with a liveness check that says the owner died.
    const reopened = await openSqliteRunStore({ path, isOwnerAlive: () => false });
    expect(await reopened.getRun('r1')).toMatchObject({
      status: 'Failed',
      message: 'interrupted',
      interrupted: true,
    });
    await reopened.close();
    await store.close();
  });

  it('recovers runs of a dead local pid with the default liveness check', async () => {
    const path = join(dir, 'pid', 'state.db');
    const store = await openSqliteRunStore({ path });
    const { hostname } = await import('node:os');
    store.append({ kind: 'run-created', run: runRecord({ runId: 'r1', owner: `${hostname()}:999999999` }) });
    store.append({
      kind: 'run-created',
      run: runRecord({ runId: 'r2', owner: `${hostname()}:${process.pid}` }),
    });
    await store.close();
    const reopened = await openSqliteRunStore({ path });
    expect((await reopened.getRun('r1'))?.status).toBe('Failed');
    expect((await reopened.getRun('r2'))?.status).toBe('InProgress');
    await reopened.close();
  });
});

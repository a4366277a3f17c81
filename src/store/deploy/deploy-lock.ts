import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { DeployLock } from '../../contracts/index.js';
import { isProcessAlive } from '../../platform/index.js';
import { ConfigError } from '../../errors/index.js';

/** Options of `acquireDeployLock`. */
export interface DeployLockOptions {
  /** How long to wait for another deploy to finish (ms). Default 0: fail at once. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  /** For the message: the environment. */
  readonly environment: string;
  /** How long a holder's lease lasts without renewal (ms). Default 60 s; renewed every third of it. */
  readonly leaseMs?: number;
}

interface HolderRow {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly at: string;
  readonly expires: number;
}

const DEFAULT_LEASE_MS = 60_000;

/** A holder is gone when its lease ran out (any host), or at once when its process died on this host. */
function isStale(row: HolderRow, now: number): boolean {
  if (row.expires < now) return true;
  return row.host === hostname() && !isProcessAlive(row.pid);
}

/** Opens the lock database: one row at most, the holder. SQLite serialises writers across processes. */
function openLockDb(file: string): Database.Database {
  const db = new Database(file, { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.exec(
    `CREATE TABLE IF NOT EXISTS holder (
       id INTEGER PRIMARY KEY CHECK (id = 1),
       token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, at TEXT NOT NULL, expires INTEGER NOT NULL)`,
  );
  return db;
}

/**
 * Takes an environment's deploy lock. The lock is a row in a small SQLite database (`file`): taking it is one
 * `BEGIN IMMEDIATE` transaction that reads the holder and, when there is none or it is stale, writes itself,
 * so the check and the take-over cannot interleave between processes (SQLite's own file locking serialises
 * them). A holder renews its lease while it holds the lock; a holder whose process died on this host is stale
 * at once, one on another host when its lease has run out. Waits up to `waitMs`, then throws ConfigError
 * `deploy/locked` naming the holder.
 */
export async function acquireDeployLock(file: string, options: DeployLockOptions): Promise<DeployLock> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const deadline = Date.now() + (options.waitMs ?? 0);
  const token = `${hostname()}:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}`;
  const db = openLockDb(file);
  const take = db.transaction((now: number): HolderRow | undefined => {
    const row = db.prepare('SELECT token, pid, host, at, expires FROM holder WHERE id = 1').get() as
      HolderRow | undefined;
    if (row && !isStale(row, now)) return row;
    db.prepare(
      `INSERT INTO holder (id, token, pid, host, at, expires) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host,
         at = excluded.at, expires = excluded.expires`,
    ).run(token, process.pid, hostname(), new Date(now).toISOString(), now + leaseMs);
    return undefined;
  });
  try {
    for (;;) {
      const holder = take.immediate(Date.now());
      if (holder === undefined) break;
      if (Date.now() >= deadline)
        throw new ConfigError({
          code: 'deploy/locked',
          message: `another deploy to ${options.environment} is running (pid ${holder.pid} on ${holder.host}, since ${holder.at}); lock ${file}`,
          hint: 'wait for it to finish; a lock left by a dead process is taken over automatically',
        });
      await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
    }
  } catch (err) {
    db.close();
    throw err;
  }
  const renew = setInterval(
    () => {
      try {
        db.prepare('UPDATE holder SET expires = ? WHERE id = 1 AND token = ?').run(
          Date.now() + leaseMs,
          token,
        );
      } catch {
        // A renewal that fails leaves the lease to run out: another deploy may then take over.
      }
    },
    Math.max(1_000, Math.floor(leaseMs / 3)),
  );
  renew.unref();
  let released = false;
  return {
    release() {
      if (released) return Promise.resolve();
      released = true;
      clearInterval(renew);
      try {
        db.prepare('DELETE FROM holder WHERE id = 1 AND token = ?').run(token);
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
  };
}

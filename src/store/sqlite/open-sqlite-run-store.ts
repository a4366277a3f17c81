import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunStore } from '../../contracts/index.js';
import { isLocalOwnerAlive } from '../process-owner.js';
import { SqliteRunStore } from './sqlite-run-store.js';
import type { SqliteRunStoreOptions } from './sqlite-run-store.js';

/** Options of `openSqliteRunStore`. */
export interface OpenSqliteRunStoreOptions extends SqliteRunStoreOptions {
  /** Mark runs left behind by dead processes as interrupted (default true). */
  readonly recover?: boolean;
  /** Decides whether a run's owner process still lives; default: same host and the pid exists. */
  readonly isOwnerAlive?: (owner: string) => boolean;
}

/**
 * Opens (creating the folder and the schema if needed) the SQLite run store, and recovers runs whose
 * process died: they become Failed with message `interrupted`, never silently lost.
 */
export async function openSqliteRunStore(options: OpenSqliteRunStoreOptions): Promise<RunStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const store = new SqliteRunStore(options);
  if (options.recover !== false) {
    await store.recoverInterrupted(options.isOwnerAlive ?? isLocalOwnerAlive, Date.now());
  }
  return store;
}

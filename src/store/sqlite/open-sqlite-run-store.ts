import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunStore } from '../../contracts/index.js';
import { isOwnerAlive, keepRunLeases } from '../process-owner.js';
import { SqliteRunStore } from './sqlite-run-store.js';
import type { SqliteRunStoreOptions } from './sqlite-run-store.js';

/** Options of `openSqliteRunStore`. */
export interface OpenSqliteRunStoreOptions extends SqliteRunStoreOptions {
  /** Mark runs left behind by dead processes as interrupted (default true). */
  readonly recover?: boolean;
  /** Decides whether a run's owner still lives; default {@link isOwnerAlive} (pid on this host, lease elsewhere). */
  readonly isOwnerAlive?: (owner: string, heartbeat: number) => boolean;
  /** Renew this process's run leases and recover dead owners' runs every few seconds (default true). */
  readonly leases?: boolean;
  /**
   * This process takes dead owners' runs over itself (a server resuming them): they are neither ended
   * `interrupted` on open nor by the lease keeper.
   */
  readonly takeOver?: boolean;
}

/**
 * Opens (creating the folder and the schema if needed) the SQLite run store, and recovers runs whose
 * owner died: they end with message `interrupted`, never silently lost. While open, it renews the leases of the
 * runs this process executes and recovers dead owners' runs ({@link keepRunLeases}).
 */
export async function openSqliteRunStore(options: OpenSqliteRunStoreOptions): Promise<RunStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const store = new SqliteRunStore(options);
  if (options.recover !== false && options.takeOver !== true) {
    await store.recoverInterrupted(options.isOwnerAlive ?? ((o, beat) => isOwnerAlive(o, beat)), Date.now());
  }
  if (options.leases === false) return store;
  return keepRunLeases(store, {
    ...(options.isOwnerAlive ? { isOwnerAlive: options.isOwnerAlive } : {}),
    ...(options.takeOver === true ? { othersRecover: () => Promise.resolve(true) } : {}),
  });
}

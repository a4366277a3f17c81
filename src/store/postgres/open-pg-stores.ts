import type {
  AccessStore,
  LeaderElection,
  ModelRegistryStore,
  RunStore,
  TrackingStore,
  TriggerStore,
  WorkQueue,
  WorkSource,
} from '../../contracts/index.js';
import { PgLogReader } from './pg-log-reader.js';
import type { PgLogReaderOptions } from './pg-log-reader.js';
import { PgWorkQueue } from './pg-work-queue.js';
import type { PgWorkQueueOptions } from './pg-work-queue.js';
import { PgWorkSource } from './pg-work-source.js';
import type { PgWorkSourceOptions } from './pg-work-source.js';
import { PgTrackingStore } from './pg-tracking-store.js';
import { PgModelRegistry } from './pg-model-registry.js';
import { isOwnerAlive, keepRunLeases } from '../process-owner.js';
import { PgAccessStore } from './pg-access-store.js';
import { PgLeaderElection, isLeaderPresent } from './pg-leader-election.js';
import type { PgLeaderElectionOptions } from './pg-leader-election.js';
import { openPgDatabase } from './pg-database.js';
import type { PgDatabaseOptions } from './pg-database.js';
import { PgRunStore } from './pg-run-store.js';
import type { PgRunStoreOptions } from './pg-run-store.js';
import { PgTriggerStore } from './pg-trigger-store.js';

/** Options of `openPgRunStore`. */
export interface OpenPgRunStoreOptions extends PgDatabaseOptions, PgRunStoreOptions {
  /** Mark runs left behind by dead processes as interrupted (default true). */
  readonly recover?: boolean;
  /** Decides whether a run's owner still lives; default `isOwnerAlive` (pid on this host, lease elsewhere). */
  readonly isOwnerAlive?: (owner: string, heartbeat: number) => boolean;
  /** Renew this process's run leases and recover dead owners' runs every few seconds (default true). */
  readonly leases?: boolean;
}

/**
 * Opens the run store on a PostgreSQL database (schema migrated under an advisory lock), recovers the runs of
 * dead owners and keeps this process's run leases, as the SQLite store does.
 */
export async function openPgRunStore(options: OpenPgRunStoreOptions): Promise<RunStore> {
  const { db } = await openPgDatabase(options);
  const store = new PgRunStore(db, options);
  // While a server leads, it takes over dead owners' runs (resuming them); without one they end interrupted.
  const othersRecover = (): Promise<boolean> => isLeaderPresent(db);
  if (options.recover !== false && !(await othersRecover())) {
    await store.recoverInterrupted(options.isOwnerAlive ?? ((o, beat) => isOwnerAlive(o, beat)), Date.now());
  }
  if (options.leases === false) return store;
  // Servers on other hosts tell this process's runs from a vanished one's by their heartbeat.
  return keepRunLeases(store, {
    othersRecover,
    ...(options.isOwnerAlive ? { isOwnerAlive: options.isOwnerAlive } : {}),
  });
}

/** Opens the trigger store on a PostgreSQL database. */
export async function openPgTriggerStore(options: PgDatabaseOptions): Promise<TriggerStore> {
  const { db } = await openPgDatabase(options);
  return new PgTriggerStore(db);
}

/** Opens the access store (API tokens, audit log) on a PostgreSQL database. */
export async function openPgAccessStore(options: PgDatabaseOptions): Promise<AccessStore> {
  const { db } = await openPgDatabase(options);
  return new PgAccessStore(db);
}

/** Opens leader election among the processes on a PostgreSQL state database (see `PgLeaderElection`). */
export async function openPgLeaderElection(
  options: PgDatabaseOptions & PgLeaderElectionOptions,
): Promise<LeaderElection & { close(): Promise<void> }> {
  const { db } = await openPgDatabase(options);
  const election = new PgLeaderElection(db, options);
  return {
    lead: (signal, body) => election.lead(signal, body),
    close: () => db.release(),
  };
}

/** Opens ML tracking (experiments, runs, metrics, logged models) on a PostgreSQL database. */
export async function openPgTrackingStore(options: PgDatabaseOptions): Promise<TrackingStore> {
  const { db } = await openPgDatabase(options);
  return new PgTrackingStore(db);
}

/** Opens the model registry (every environment's) on a PostgreSQL database. */
export async function openPgModelRegistry(options: PgDatabaseOptions): Promise<ModelRegistryStore> {
  const { db } = await openPgDatabase(options);
  return new PgModelRegistry(db);
}

/** Opens the dispatching side of the work queue (`execution: workers`) on a PostgreSQL database. */
export async function openPgWorkQueue(options: PgDatabaseOptions & PgWorkQueueOptions): Promise<WorkQueue> {
  const { db } = await openPgDatabase(options);
  return new PgWorkQueue(db, options);
}

/** Opens the taking side of the work queue (`millrace worker`) on a PostgreSQL database. */
export async function openPgWorkSource(
  options: PgDatabaseOptions & PgWorkSourceOptions,
): Promise<WorkSource> {
  const { db } = await openPgDatabase(options);
  return new PgWorkSource(db, options);
}

/** Opens the reader of the activity logs the PostgreSQL run store keeps. */
export async function openPgLogReader(options: PgDatabaseOptions & PgLogReaderOptions): Promise<PgLogReader> {
  const { db } = await openPgDatabase(options);
  return new PgLogReader(db, options);
}

import type { ResolvedConfig } from '../config/index.js';
import type {
  AccessStore,
  LeaderElection,
  LeadershipEvent,
  ModelRegistryStore,
  RunStore,
  TrackingStore,
  TriggerStore,
} from '../contracts/index.js';
import { currentOwner } from '../store/index.js';
import {
  openPgAccessStore,
  openPgLeaderElection,
  openPgModelRegistry,
  openPgTrackingStore,
  openPgRunStore,
  openPgTriggerStore,
  openSqliteRunStore,
  SqliteAccessStore,
  SqliteModelRegistry,
  SqliteTrackingStore,
  SqliteTriggerStore,
} from '../store/index.js';

/**
 * The run store of a project, recovered on open (unless `takeOver`): SQLite in `config.stateDb` by default, or the PostgreSQL
 * database of `config.database` (`--db`, `MILLRACE_DB`, millrace.json `database`).
 */
export function openProjectRunStore(
  config: ResolvedConfig,
  options: { readonly takeOver?: boolean } = {},
): Promise<RunStore> {
  const db = config.database;
  // `takeOver` (a server on the embedded store): the caller resumes dead owners' runs instead of ending them.
  // On PostgreSQL the elected leader does, whoever opens the store.
  return db.kind === 'postgres'
    ? openPgRunStore({ url: db.url })
    : openSqliteRunStore({ path: db.path, ...(options.takeOver === true ? { takeOver: true } : {}) });
}

/** The trigger store of a project, in the same database as its runs. */
export function openProjectTriggerStore(config: ResolvedConfig): Promise<TriggerStore> {
  const db = config.database;
  return db.kind === 'postgres'
    ? openPgTriggerStore({ url: db.url })
    : Promise.resolve(new SqliteTriggerStore(db.path));
}

/** The API tokens and audit log of a project, in the same database as its runs. */
export function openProjectAccessStore(config: ResolvedConfig): Promise<AccessStore> {
  const db = config.database;
  return db.kind === 'postgres'
    ? openPgAccessStore({ url: db.url })
    : Promise.resolve(new SqliteAccessStore(db.path));
}

/**
 * Leader election among the servers of a PostgreSQL state database (the lock connection shows as
 * `millrace <host:pid>` in `pg_stat_activity`); undefined for the embedded SQLite store, whose process leads.
 */
export function openProjectLeaderElection(
  config: ResolvedConfig,
  onEvent: (event: LeadershipEvent) => void,
): Promise<(LeaderElection & { close(): Promise<void> }) | undefined> {
  const db = config.database;
  if (db.kind !== 'postgres') return Promise.resolve(undefined);
  return openPgLeaderElection({ url: db.url, applicationName: `millrace ${currentOwner()}`, onEvent });
}

/** ML tracking (experiments, runs, metrics, logged models) of a project, in the same database as its runs. */
export function openProjectTrackingStore(config: ResolvedConfig): Promise<TrackingStore> {
  const db = config.database;
  return db.kind === 'postgres'
    ? openPgTrackingStore({ url: db.url })
    : Promise.resolve(new SqliteTrackingStore(db.path));
}

/** The model registry (every environment's) of a project, in the same database as its runs. */
export function openProjectModelRegistry(config: ResolvedConfig): Promise<ModelRegistryStore> {
  const db = config.database;
  return db.kind === 'postgres'
    ? openPgModelRegistry({ url: db.url })
    : Promise.resolve(new SqliteModelRegistry(db.path));
}

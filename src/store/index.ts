/** Stores: durable state of pipeline and activity runs, triggers, access, ML tracking and registry (memory for tests, SQLite embedded default, PostgreSQL for scale-out). */
export { MemoryRunStore, createMemoryRunStore } from './memory/memory-run-store.js';
export { SqliteRunStore } from './sqlite/sqlite-run-store.js';
export type { SqliteRunStoreOptions } from './sqlite/sqlite-run-store.js';
export { openSqliteRunStore } from './sqlite/open-sqlite-run-store.js';
export type { OpenSqliteRunStoreOptions } from './sqlite/open-sqlite-run-store.js';
export { currentOwner, isOwnerAlive, keepRunLeases } from './process-owner.js';
export type { RunLeaseOptions } from './process-owner.js';
export { MemoryTriggerStore } from './memory/memory-trigger-store.js';
export { SqliteTriggerStore } from './sqlite/sqlite-trigger-store.js';
export { SqliteAccessStore } from './sqlite/sqlite-access-store.js';
export { SqliteTrackingStore } from './sqlite/sqlite-tracking-store.js';
export { SqliteModelRegistry } from './sqlite/sqlite-model-registry.js';
export { MemoryTrackingStore } from './memory/memory-tracking-store.js';
export { MemoryModelRegistry } from './memory/memory-model-registry.js';
export { FsDeployTarget } from './deploy/fs-deploy-target.js';
export type { FsDeployTargetOptions } from './deploy/fs-deploy-target.js';
export { acquireDeployLock } from './deploy/deploy-lock.js';
export { createActivityLogWriter, readActivityLogs } from './logs/activity-logs.js';
export type { ActivityLog } from './logs/activity-logs.js';
export { followRunLogs } from './logs/follow-logs.js';
export type { LogLine } from './logs/follow-logs.js';
export {
  openPgAccessStore,
  openPgLeaderElection,
  openPgModelRegistry,
  openPgRunStore,
  openPgTrackingStore,
  openPgTriggerStore,
  openPgLogReader,
  openPgWorkQueue,
  openPgWorkSource,
} from './postgres/open-pg-stores.js';
export type { PgWorkQueueOptions } from './postgres/pg-work-queue.js';
export type { PgLogReader, PgLogReaderOptions } from './postgres/pg-log-reader.js';
export type { PgWorkSourceOptions } from './postgres/pg-work-source.js';
export type { OpenPgRunStoreOptions } from './postgres/open-pg-stores.js';
export { openPgDatabase, redactDatabaseUrl } from './postgres/pg-database.js';
export type { PgDatabase, PgDatabaseOptions } from './postgres/pg-database.js';
export type { PgLeaderElectionOptions } from './postgres/pg-leader-election.js';
export { forwardingRunStore } from './forwarding-run-store.js';

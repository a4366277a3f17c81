/** Stores: durable state of pipeline and activity runs, triggers, access, ML tracking and registry (memory for tests, SQLite embedded default). */
export { MemoryRunStore, createMemoryRunStore } from './memory/memory-run-store.js';
export { SqliteRunStore } from './sqlite/sqlite-run-store.js';
export type { SqliteRunStoreOptions } from './sqlite/sqlite-run-store.js';
export { openSqliteRunStore } from './sqlite/open-sqlite-run-store.js';
export type { OpenSqliteRunStoreOptions } from './sqlite/open-sqlite-run-store.js';
export { currentOwner, isLocalOwnerAlive } from './process-owner.js';
export { MemoryTriggerStore } from './memory/memory-trigger-store.js';
export { SqliteTriggerStore } from './sqlite/sqlite-trigger-store.js';
export { SqliteAccessStore } from './sqlite/sqlite-access-store.js';
export { SqliteTrackingStore } from './sqlite/sqlite-tracking-store.js';
export { SqliteModelRegistry } from './sqlite/sqlite-model-registry.js';
export { MemoryTrackingStore } from './memory/memory-tracking-store.js';
export { MemoryModelRegistry } from './memory/memory-model-registry.js';

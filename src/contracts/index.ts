/** Contracts: the interfaces between the engine and its pluggable parts (executors, run stores, clock, ids). */
export type * from './activity-executor.js';
export type * from './clock.js';
export type * from './dataset-probe.js';
export type * from './id-source.js';
export type * from './run-event.js';
export type * from './run-records.js';
export * from './run-status.js';
export * from './run-store.js';
export type * from './connector.js';
export type * from './secret-provider.js';
export type * from './trigger-store.js';
export * from './access-store.js';
export type * from './deploy-target.js';
export { EMPTY_HISTORY } from './deploy-target.js';
export type * from './python-environments.js';
export * from './tracking-store.js';
export type * from './model-registry-store.js';
export * from './ml-filter-match.js';

/** `DuckDb` linked service (Millrace extension): selects the in-process DuckDB engine for Script activities. */
export type * from './duck-db-config.js';
export * from './duck-db-connector.js';

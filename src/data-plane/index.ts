/**
 * The data plane: DuckDB sessions and statements, staging of store files for DuckDB, file selection (ADF store
 * settings, wildcards) and SQL/JSON value conversion. Activities move data through it as the `DataPlane` port
 * (`createDuckDbDataPlane`, put on their context by the app); they never import this module.
 */
export * from './data-plane-error.js';
export * from './duckdb-data-plane.js';
export * from './duckdb-session.js';
export * from './duckdb-statements.js';
export * from './format-sql.js';
export * from './select-files.js';
export * from './sql-json.js';
export * from './staging.js';
export * from './table-spool.js';

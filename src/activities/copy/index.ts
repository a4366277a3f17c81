/** The Copy activity: file selection, format conversion through DuckDB, column mapping, atomic sink commits. */
export * from './copy-activity.js';
export * from './copy-data.js';
export * from './copy-output.js';
export * from './copy-request.js';
export * from './copy-targets.js';
export * from './data-access.js';
export * from './duckdb-session.js';
export * from './duckdb-statements.js';
export * from './progress.js';
export * from './query-sink.js';
export * from './select-files.js';
export * from './sql-json.js';
export * from './staging.js';
export * from './table-copy.js';
export * from './table-spool.js';
export * from './tabular-copy.js';

/** The Copy activity: file selection, format conversion through DuckDB, column mapping, atomic sink commits. */
export * from './copy-activity.js';
export * from './copy-data.js';
export * from './copy-output.js';
export * from './copy-request.js';
export * from './copy-targets.js';
export * from './data-access.js';
export * from './progress.js';
export * from './query-sink.js';
export * from './table-copy.js';
export * from './tabular-copy.js';

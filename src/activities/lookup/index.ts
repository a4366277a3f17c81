/** The Lookup activity: first row or up to 5,000 rows of a dataset, read through DuckDB. */
export * from './lookup-activity.js';
export * from './lookup-data.js';
export * from './lookup-table.js';

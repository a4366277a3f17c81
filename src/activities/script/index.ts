/**
 * The Script activity: SQL scripts with parameters against SQL store linked services, or in an in-process
 * DuckDB over datasets (the Millrace SQL transform), with ADF's output shape.
 */
export * from './duckdb-transform.js';
export * from './script-activity.js';
export * from './script-output.js';
export * from './script-blocks.js';
export type { ScriptSettings } from './script-settings.js';

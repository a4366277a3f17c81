/** Shared pieces of the SQL stores: statement splitting, parameter binding, portable column types. */
export * from './portable-types.js';
export * from './sql-script.js';

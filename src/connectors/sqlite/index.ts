/** `Sqlite` linked service (Millrace extension): a SQLite database file under the project root as a TableStore. */
export type * from './sqlite-config.js';
export * from './sqlite-connector.js';
export * from './sqlite-table-store.js';

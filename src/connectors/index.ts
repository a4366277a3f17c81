/**
 * Linked-service connectors (FileServer, Azure Blob, ADLS Gen2, HTTP, SQLite, PostgreSQL, DuckDB, Azure
 * Databricks), file formats
 * and dataset binding (files and tables).
 */
export * from './azure-blob/index.js';
export * from './azure-blob-fs/index.js';
export * from './azure-databricks/index.js';
export * from './bind-dataset.js';
export * from './bind-table-dataset.js';
export * from './builtin-connectors.js';
export * from './connector-error.js';
export * from './connector-registry.js';
export * from './duck-db/index.js';
export * from './file-server/index.js';
export * from './formats/index.js';
export * from './http-server/index.js';
export * from './postgresql/index.js';
export * from './lazy-config-schema.js';
export * from './secret-value.js';
export * from './sql/index.js';
export * from './sqlite/index.js';
export * from './store-path.js';

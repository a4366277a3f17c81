/** PostgreSQL linked services (`AzurePostgreSql`, `PostgreSql`, `PostgreSqlV2`) as a TableStore, via `pg`. */
export * from './pg-connection-string.js';
export * from './pg-table-store.js';
export type * from './postgresql-config.js';
export * from './postgresql-connector.js';

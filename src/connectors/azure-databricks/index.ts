/** `AzureDatabricks` linked service: the workspace Databricks activities run on when sent there. */
export type * from './azure-databricks-config.js';
export * from './azure-databricks-connector.js';

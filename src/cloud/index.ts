/** Cloud clients: a live Azure Data Factory (ARM, `@azure/arm-datafactory`) and a Databricks workspace (REST 2.0). */
export { AzureDataFactoryClient, DATA_FACTORY_API_VERSION } from './azure-data-factory-client.js';
export type { AzureDataFactoryClientOptions } from './azure-data-factory-client.js';
export { DatabricksWorkspaceClient } from './databricks-workspace-client.js';
export type { DatabricksWorkspaceClientOptions } from './databricks-workspace-client.js';
export { CloudErrorCode, azureError } from './azure-error.js';

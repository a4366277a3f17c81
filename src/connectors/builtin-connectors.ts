import type { ConnectorRegistration } from '../contracts/index.js';
import { azureBlobConnector } from './azure-blob/index.js';
import { azureBlobFsConnector } from './azure-blob-fs/index.js';
import { azureDatabricksConnector } from './azure-databricks/index.js';
import { azureFunctionConnector } from './azure-function/index.js';
import { duckDbConnector } from './duck-db/index.js';
import { fileServerConnector } from './file-server/index.js';
import { httpServerConnector } from './http-server/index.js';
import { azurePostgreSqlConnector, postgreSqlConnector, postgreSqlV2Connector } from './postgresql/index.js';
import { sqliteConnector } from './sqlite/index.js';

/** The linked-service types Millrace ships, registered like any plugin. */
export const builtinConnectors: readonly ConnectorRegistration[] = [
  fileServerConnector,
  azureBlobConnector,
  azureBlobFsConnector,
  httpServerConnector,
  sqliteConnector,
  azurePostgreSqlConnector,
  postgreSqlConnector,
  postgreSqlV2Connector,
  duckDbConnector,
  azureDatabricksConnector,
  azureFunctionConnector,
];

import type { ConnectorRegistration } from '../contracts/index.js';
import { azureBlobConnector } from './azure-blob/index.js';
import { azureBlobFsConnector } from './azure-blob-fs/index.js';
import { fileServerConnector } from './file-server/index.js';

/** The linked-service types Millrace ships, registered like any plugin. */
export const builtinConnectors: readonly ConnectorRegistration<never>[] = [
  fileServerConnector as ConnectorRegistration<never>,
  azureBlobConnector as ConnectorRegistration<never>,
  azureBlobFsConnector as ConnectorRegistration<never>,
];

import { resolve } from 'node:path';
import type {
  Connector,
  ConnectorCreateOptions,
  ConnectorRegistration,
  DatasetLocation,
  FileStore,
  LocatedPath,
} from '../../contracts/index.js';
import { lazyConfigSchema } from '../lazy-config-schema.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { normalizeStorePath, pathSegments } from '../store-path.js';
import type { FileServerConfig } from './file-server-config.js';
import { LocalFileStore } from './local-file-store.js';

/** A FileServer linked service: a local folder under the project root. */
export class FileServerConnector implements Connector {
  readonly type = 'FileServer';
  readonly #store: LocalFileStore;

  /** @param root absolute path of the linked service's folder */
  constructor(root: string) {
    this.#store = new LocalFileStore(root);
  }

  fileStore(location: DatasetLocation): FileStore {
    if (location.type !== 'FileServerLocation') {
      throw connectorError(
        ConnectorErrorCode.UnsupportedLocation,
        `a FileServer linked service cannot serve a ${location.type} (expected FileServerLocation)`,
      );
    }
    return this.#store;
  }

  /** A path under the linked service's root folder. */
  locate(path: string): LocatedPath {
    return { location: { type: 'FileServerLocation' }, folder: pathSegments(path).join('/') };
  }
}

/** Creates a FileServer connector; `host` must stay inside the project (`connector/path-escape`). */
export function createFileServerConnector(
  config: FileServerConfig,
  options: ConnectorCreateOptions,
): FileServerConnector {
  const host = normalizeStorePath(config.host);
  return new FileServerConnector(resolve(options.projectRoot, host));
}

/** Registry entry of the FileServer linked-service type. */
export const fileServerConnector: ConnectorRegistration<FileServerConfig> = {
  type: 'FileServer',
  capabilities: ['fileStore', 'locate'],
  configSchema: lazyConfigSchema(
    async () => (await import('./file-server-config.js')).fileServerConfigSchema,
  ),
  create: createFileServerConnector,
};

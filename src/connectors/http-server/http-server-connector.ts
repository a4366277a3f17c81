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
import { resolveSecretValue } from '../secret-value.js';
import { pathSegments } from '../store-path.js';
import { HttpFileStore } from './http-file-store.js';
import type { HttpServerConfig } from './http-server-config.js';

/** An `HttpServer` linked service: a read-only file store over a base URL. */
export class HttpServerConnector implements Connector {
  readonly type = 'HttpServer';
  readonly #store: HttpFileStore;

  constructor(url: string, headers: Readonly<Record<string, string>>) {
    this.#store = new HttpFileStore(url, headers);
  }

  fileStore(location: DatasetLocation): FileStore {
    if (location.type !== 'HttpServerLocation') {
      throw connectorError(
        ConnectorErrorCode.UnsupportedLocation,
        `an HttpServer linked service cannot serve a ${location.type} (expected HttpServerLocation)`,
      );
    }
    return this.#store;
  }

  /** A path relative to the base URL. */
  locate(path: string): LocatedPath {
    return { location: { type: 'HttpServerLocation' }, folder: pathSegments(path).join('/') };
  }
}

/** Creates an HttpServer connector; Basic credentials become an `Authorization` header. */
export async function createHttpServerConnector(
  config: HttpServerConfig,
  options: ConnectorCreateOptions,
): Promise<HttpServerConnector> {
  const headers: Record<string, string> = { ...(config.authHeaders ?? {}) };
  if (config.authenticationType === 'Basic') {
    const password = (await resolveSecretValue(config.password, options.secrets)) ?? '';
    if (!config.userName) {
      throw connectorError(
        ConnectorErrorCode.InvalidConfig,
        `linked service ${options.name ?? ''} (HttpServer): typeProperties.userName is required for Basic authentication`,
      );
    }
    headers['authorization'] = `Basic ${Buffer.from(`${config.userName}:${password}`).toString('base64')}`;
  }
  return new HttpServerConnector(config.url, headers);
}

/** Registry entry of the `HttpServer` linked-service type. */
export const httpServerConnector: ConnectorRegistration<HttpServerConfig> = {
  type: 'HttpServer',
  capabilities: ['fileStore', 'locate'],
  configSchema: lazyConfigSchema(
    async () => (await import('./http-server-config.js')).httpServerConfigSchema,
  ),
  create: createHttpServerConnector,
};

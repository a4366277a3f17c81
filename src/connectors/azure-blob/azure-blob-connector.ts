import type { BlobServiceClient } from '@azure/storage-blob';
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
import type { AzureBlobConfig } from './azure-blob-config.js';
import { BlobFileStore } from './blob-file-store.js';

/** An Azure Blob Storage account; each container (dataset `location.container`) is a `FileStore`. */
export class AzureBlobConnector implements Connector {
  readonly type: string;
  readonly #service: BlobServiceClient;
  readonly #locationType: string;
  readonly #scopeKey: 'container' | 'fileSystem';

  /** @param locationType `AzureBlobStorageLocation`, or `AzureBlobFSLocation` for ADLS Gen2 on the same client */
  constructor(
    service: BlobServiceClient,
    type = 'AzureBlobStorage',
    locationType = 'AzureBlobStorageLocation',
  ) {
    this.#service = service;
    this.type = type;
    this.#locationType = locationType;
    this.#scopeKey = locationType === 'AzureBlobFSLocation' ? 'fileSystem' : 'container';
  }

  fileStore(location: DatasetLocation): FileStore {
    if (location.type !== this.#locationType) {
      throw connectorError(
        ConnectorErrorCode.UnsupportedLocation,
        `an ${this.type} linked service cannot serve a ${location.type} (expected ${this.#locationType})`,
      );
    }
    const scope = location[this.#scopeKey];
    if (!scope) {
      throw connectorError(
        ConnectorErrorCode.UnsupportedLocation,
        `${this.#locationType} needs a ${this.#scopeKey}`,
      );
    }
    return new BlobFileStore(this.#service.getContainerClient(scope));
  }

  /** `container/folder…` (`fileSystem/folder…` for ADLS Gen2): the first segment names the container. */
  locate(path: string): LocatedPath {
    const [scope = '', ...rest] = pathSegments(path);
    return { location: { type: this.#locationType, [this.#scopeKey]: scope }, folder: rest.join('/') };
  }
}

/**
 * Builds the Blob service client of an AzureBlobStorage config, resolving secrets. The Azure SDK loads here,
 * on first use, so commands that touch no blob store never pay for it.
 */
export async function createBlobServiceClient(
  config: AzureBlobConfig,
  options: ConnectorCreateOptions,
): Promise<BlobServiceClient> {
  const { AnonymousCredential, BlobServiceClient } = await import('@azure/storage-blob');
  const connectionString = await resolveSecretValue(config.connectionString, options.secrets);
  if (connectionString !== undefined) {
    const accountKey = await resolveSecretValue(config.accountKey, options.secrets);
    const full =
      accountKey && !/AccountKey=/i.test(connectionString)
        ? `${connectionString};AccountKey=${accountKey}`
        : connectionString;
    return BlobServiceClient.fromConnectionString(full);
  }
  const sasUri = await resolveSecretValue(config.sasUri, options.secrets);
  if (sasUri !== undefined) {
    const token = await resolveSecretValue(config.sasToken, options.secrets);
    const url = token ? `${sasUri}${sasUri.includes('?') ? '&' : '?'}${token.replace(/^\?/, '')}` : sasUri;
    return new BlobServiceClient(url, new AnonymousCredential());
  }
  return await serviceClientFor(
    config.serviceEndpoint ?? '',
    await resolveSecretValue(config.accountKey, options.secrets),
  );
}

/** A client for an endpoint, with shared-key auth when a key is given (account from the host or the path). */
export async function serviceClientFor(
  endpoint: string,
  accountKey: string | undefined,
): Promise<BlobServiceClient> {
  const { AnonymousCredential, BlobServiceClient, StorageSharedKeyCredential } =
    await import('@azure/storage-blob');
  if (!accountKey) return new BlobServiceClient(endpoint, new AnonymousCredential());
  const url = new URL(endpoint);
  const fromPath = url.pathname.split('/').filter((s) => s)[0];
  const account = /^\d+\.\d+\.\d+\.\d+$|^localhost$/.test(url.hostname)
    ? (fromPath ?? '')
    : (url.hostname.split('.')[0] ?? '');
  return new BlobServiceClient(endpoint, new StorageSharedKeyCredential(account, accountKey));
}

/** Registry entry of the AzureBlobStorage linked-service type. */
export const azureBlobConnector: ConnectorRegistration<AzureBlobConfig> = {
  type: 'AzureBlobStorage',
  capabilities: ['fileStore', 'locate'],
  configSchema: lazyConfigSchema(async () => (await import('./azure-blob-config.js')).azureBlobConfigSchema),
  create: async (config, options) => new AzureBlobConnector(await createBlobServiceClient(config, options)),
};

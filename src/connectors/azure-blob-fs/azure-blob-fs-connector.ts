import type { ConnectorRegistration } from '../../contracts/index.js';
import { lazyConfigSchema } from '../lazy-config-schema.js';
import { resolveSecretValue } from '../secret-value.js';
import { AzureBlobConnector, createBlobServiceClient, serviceClientFor } from '../azure-blob/index.js';
import type { AzureBlobFsConfig } from './azure-blob-fs-config.js';

/** The blob endpoint of a Data Lake Gen2 `url` (`https://acct.dfs.core.windows.net` → `.blob.`); `abfss://` accepted. */
export function blobEndpointOf(url: string): string {
  const abfs = /^abfss?:\/\/[^@]+@([^/]+)/.exec(url);
  const host = abfs ? `https://${abfs[1]}` : url;
  return host.replace('.dfs.', '.blob.');
}

/** Registry entry of the AzureBlobFS (ADLS Gen2) linked-service type: the same Blob client, file system = container. */
export const azureBlobFsConnector: ConnectorRegistration<AzureBlobFsConfig> = {
  type: 'AzureBlobFS',
  capabilities: ['fileStore', 'locate'],
  configSchema: lazyConfigSchema(
    async () => (await import('./azure-blob-fs-config.js')).azureBlobFsConfigSchema,
  ),
  create: async (config, options) => {
    const service =
      config.url !== undefined
        ? await serviceClientFor(
            blobEndpointOf(config.url),
            await resolveSecretValue(config.accountKey, options.secrets),
          )
        : await createBlobServiceClient(
            { sasUri: config.sasUri, ...(config.sasToken ? { sasToken: config.sasToken } : {}) },
            options,
          );
    return new AzureBlobConnector(service, 'AzureBlobFS', 'AzureBlobFSLocation');
  },
};

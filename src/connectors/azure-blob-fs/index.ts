/** AzureBlobFS (ADLS Gen2) linked service, served by the Blob client with file system = container. */
export type * from './azure-blob-fs-config.js';
export * from './azure-blob-fs-connector.js';

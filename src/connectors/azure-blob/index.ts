/** AzureBlobStorage linked service: containers as file stores, atomic block-list commits. */
export type * from './azure-blob-config.js';
export * from './azure-blob-connector.js';
export * from './blob-file-store.js';

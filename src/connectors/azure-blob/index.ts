/** AzureBlobStorage linked service: containers as file stores, atomic block-list commits. */
export * from './azure-blob-config.js';
export * from './azure-blob-connector.js';
export * from './blob-file-store.js';

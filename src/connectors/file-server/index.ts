/** FileServer linked service: a local folder under the project root, every path confined to it. */
export type * from './file-server-config.js';
export * from './file-server-connector.js';
export * from './local-file-store.js';

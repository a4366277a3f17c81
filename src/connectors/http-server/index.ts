/** `HttpServer` linked service: a read-only FileStore over HTTP (GET, HEAD; Anonymous or Basic auth). */
export * from './http-file-store.js';
export type * from './http-server-config.js';
export * from './http-server-connector.js';

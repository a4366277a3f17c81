/** REST server: a Fastify shell over the library (routes, roles, JSON errors, OpenAPI, metrics). */
export { buildServer, DEFAULT_BODY_LIMIT } from './build-server.js';
export type { BuildServerOptions } from './build-server.js';
export type * from './server-backend.js';
export type * from './api-types.js';
export { buildMlflowServer } from './mlflow-server.js';

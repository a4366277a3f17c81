/** REST server: a Fastify shell over the library (routes, roles, JSON errors, OpenAPI, metrics). */
export { buildServer, DEFAULT_BODY_LIMIT } from './build-server.js';
export type { BuildServerOptions } from './build-server.js';
export type * from './server-backend.js';
export type * from './api-types.js';
export { buildMlflowServer } from './mlflow-server.js';
export { registerServingRoutes, buildScoringServer, DEFAULT_SCORING_BODY_LIMIT } from './serving-routes.js';
export type {
  ServingBackend,
  ServingReply,
  ServingEndpointInfo,
  ServingRoutesOptions,
} from './serving-routes.js';

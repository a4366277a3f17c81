/**
 * REST server: a Fastify shell over the library (routes, roles, JSON errors, OpenAPI, metrics). It calls the
 * library API (`src/index.ts`) and nothing else of it; published as `millrace/server`.
 */
export { startServer } from './start-server.js';
export type { InjectRequest, RunningServer, ServerOptions } from './server-options.js';
export { buildServer, DEFAULT_BODY_LIMIT } from './build-server.js';
export type { BuildServerOptions } from './build-server.js';
export type { RouteContext, ServerServices } from './route-context.js';
export type * from './api-types.js';
export { registerServingRoutes, buildScoringServer, DEFAULT_SCORING_BODY_LIMIT } from './serving-routes.js';
export type { ServingBackend, ServingRoutesOptions } from './serving-routes.js';
export { serveModel } from './serve-model.js';
export type { RunningScoringServer, ServeModelOptions } from './serve-model.js';

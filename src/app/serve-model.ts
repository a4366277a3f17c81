import type { RunningScoringServer, ServeModelOptions } from './serve-model-options.js';
import type { ServingState } from './serving-state.js';

export type { ServingState, ServingRecord } from './serving-state.js';
export type { EndpointStatus } from '../serving/index.js';
export type { RunningScoringServer, ServeModelOptions } from './serve-model-options.js';

/**
 * Serves a registered model over MLflow's scoring protocol (`/invocations`, `/ping`, `/health`, `/version`,
 * plus `/metrics`), following its alias: when the alias moves, the new version is swapped in without failing a
 * request. Python starts on this call.
 *
 * @example
 * const server = await serveModel({ projectDir: '.', model: 'price@champion', environment: 'prod', port: 0 });
 * console.log(server.url, server.status().version);
 * await server.close();
 */
export async function serveModel(options: ServeModelOptions): Promise<RunningScoringServer> {
  const service = await import('./model-serving-service.js');
  return service.serveModel(options);
}

/** What serves in an environment (`millrace models serving --env <e>`): versions, since when, history. */
export async function servingStatus(o: {
  readonly projectDir?: string;
  readonly environment?: string;
}): Promise<ServingState> {
  const { resolveProject } = await import('../config/index.js');
  const { servingState } = await import('./serving-state.js');
  const project = await resolveProject(o.projectDir ?? '.');
  return servingState(project.root, o.environment ?? 'default');
}

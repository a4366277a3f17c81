import type { RunningServer, ServerOptions } from './server-options.js';

/**
 * Starts the REST server of a project (`millrace server`): loads the factory, opens the run store, the
 * trigger store and the token store, listens (127.0.0.1:8080 unless told otherwise), then runs the trigger
 * scheduler (unless `scheduler: false`). Fastify and the engine load on this call.
 *
 * @example
 * const server = await startServer({ projectDir: '.', port: 0 });
 * console.log(server.url);
 * await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const wiring = await import('./server-wiring.js');
  return wiring.startServer(options);
}

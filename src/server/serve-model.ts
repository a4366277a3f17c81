import type { FastifyInstance } from 'fastify';
import type { EndpointStatus, OpenModelServingOptions } from '../index.js';
import { openModelServing } from '../index.js';
import { buildScoringServer } from './serving-routes.js';

/** Options of `serveModel` (`millrace models serve`): the served model and where to listen. */
export interface ServeModelOptions extends OpenModelServingOptions {
  /** TCP port; 0 picks a free one. Default 5000 (as `mlflow models serve`). */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Largest scoring payload in bytes; default 20 MiB. */
  readonly bodyLimit?: number;
}

/** A running `models serve`. */
export interface RunningScoringServer {
  readonly url: string;
  readonly port: number;
  /** The registry environment served. */
  readonly env: string;
  status(): EndpointStatus;
  /** Checks the alias now (instead of at the next poll) and swaps when it moved. */
  refresh(): Promise<void>;
  /** Stops listening, answers in-flight requests, stops the workers. */
  close(): Promise<void>;
}

/**
 * Serves a registered model over MLflow's scoring protocol (`/invocations`, `/ping`, `/health`, `/version`,
 * plus `/metrics`), following its alias (the library's `openModelServing`) behind its own HTTP server, with no
 * tokens, as `mlflow models serve`.
 *
 * @example
 * const server = await serveModel({ projectDir: '.', model: 'price@champion', environment: 'prod', port: 0 });
 * console.log(server.url, server.status().version);
 * await server.close();
 */
export async function serveModel(o: ServeModelOptions): Promise<RunningScoringServer> {
  const served = await openModelServing(o);
  let app: FastifyInstance | undefined;
  try {
    app = await buildScoringServer(
      served,
      { env: served.env, model: served.model },
      o.bodyLimit === undefined ? {} : { bodyLimit: o.bodyLimit },
    );
    await app.listen({ port: o.port ?? 5000, host: o.host ?? '127.0.0.1' });
  } catch (err) {
    await app?.close();
    await served.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? 5000);
  const host = o.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  served.listening(url);
  const server = app;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    env: served.env,
    status: () => served.status(),
    refresh: () => served.refresh(),
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await served.close();
      })()),
  };
}

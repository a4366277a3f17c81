import type { FastifyRequest } from 'fastify';
import { errorSpec, MillraceError } from '../errors/index.js';
import type { HttpFallback } from './mlflow-errors.js';
import { registerMlflowHttp } from './mlflow-http.js';
import type { MlflowService } from './mlflow-service.js';

/** A running MLflow API for the notebooks of one process. */
export interface MlflowRunServer {
  /** `http://127.0.0.1:<port>`: the notebooks' `MLFLOW_TRACKING_URI`. */
  readonly url: string;
  close(): Promise<void>;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Catalogued codes keep their status; Fastify's own 4xx (a bad JSON body) stay 4xx; anything else is 500. */
const fallback: HttpFallback = (err) => {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : 'error';
  if (typeof e.code === 'string' && e.code.includes('/'))
    return { status: errorSpec(e.code).httpStatus, message, internal: false };
  if (typeof e.statusCode === 'number' && e.statusCode < 500)
    return { status: e.statusCode, message, internal: false };
  return { status: 500, message: 'internal error', internal: true };
};

/**
 * Starts the MLflow API and artifact proxy on 127.0.0.1 (a free port) for the notebooks of one `millrace
 * run`: every request needs `Authorization: Bearer <token>` that `authenticate` accepts (a per-run token),
 * else 401 `UNAUTHENTICATED`. Fastify loads on this call.
 */
export async function serveMlflow(
  mlflow: MlflowService,
  authenticate: (token: string) => Promise<string | undefined>,
): Promise<MlflowRunServer> {
  const { default: Fastify } = await import('fastify');
  // Logged model batches and params can exceed Fastify's 1 MiB default; artifacts stream regardless.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  const actors = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const actor = token === undefined ? undefined : await authenticate(token);
    if (actor === undefined)
      throw new MillraceError({
        code: 'api/unauthorized',
        message:
          token === undefined
            ? 'this route needs a token: Authorization: Bearer <token>'
            : 'unknown or revoked token',
      });
    actors.set(request, actor);
  });
  registerMlflowHttp(app, mlflow, {
    routeConfig: () => ({}),
    actor: (request) => actors.get(request) ?? 'anonymous',
    fallback,
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `no MLflow endpoint ${request.method} ${request.url.split('?')[0] ?? ''}`,
    }),
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}

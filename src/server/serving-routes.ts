import Fastify from 'fastify';
import type { FastifyContextConfig, FastifyInstance, FastifyReply } from 'fastify';
import type { ServingService } from '../index.js';
import { toHttpError } from './http-errors.js';

/** What the scoring routes ask of the library's serving (`openServing`, `openModelServing`). */
export type ServingBackend = Pick<ServingService, 'score' | 'list' | 'metrics'>;

/** Options of the scoring routes. */
export interface ServingRoutesOptions {
  /** Largest scoring payload in bytes; larger → 413. Default 20 MiB. */
  readonly bodyLimit?: number;
  /** Role a token needs (on `millrace server`); absent: public (the standalone `models serve`). */
  readonly role?: 'reader';
}

/** The default scoring payload limit: 20 MiB. */
export const DEFAULT_SCORING_BODY_LIMIT = 20 * 1024 * 1024;

const mlflowError = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply
    .code(status)
    .type('application/json')
    .send(JSON.stringify({ error_code: code, message }));

/** Mounts MLflow's four scoring routes under `prefix` for the endpoint its params (or `fixed`) name. */
function mountScoring(
  scope: FastifyInstance,
  backend: ServingBackend,
  prefix: string,
  o: ServingRoutesOptions,
  fixed?: { readonly env: string; readonly model: string },
): void {
  const limit = o.bodyLimit ?? DEFAULT_SCORING_BODY_LIMIT;
  const config: FastifyContextConfig = o.role ? { role: o.role } : {};
  const target = (params: unknown) => fixed ?? (params as { readonly env: string; readonly model: string });
  const find = (params: unknown) => {
    const t = target(params);
    return backend.list().find((e) => e.env === t.env && e.model === t.model);
  };
  scope.post(
    `${prefix}/invocations`,
    { config, bodyLimit: limit, schema: { hide: true } },
    async (req, reply) => {
      const t = target(req.params);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const r = await backend.score(t.env, t.model, { contentType: req.headers['content-type'] ?? '', body });
      return reply.code(r.status).type(r.contentType).send(r.body);
    },
  );
  // MLflow: `/ping` and `/health` answer 200 with "\n" once the model is loaded.
  const ping = async (req: { params: unknown }, reply: FastifyReply) => {
    const e = find(req.params);
    if (!e) return mlflowError(reply, 404, 'RESOURCE_DOES_NOT_EXIST', 'no such served model');
    return reply
      .code(e.version === undefined ? 404 : 200)
      .type('application/json')
      .send('\n');
  };
  scope.get(`${prefix}/ping`, { config, schema: { hide: true } }, ping);
  scope.get(`${prefix}/health`, { config, schema: { hide: true } }, ping);
  scope.get(`${prefix}/version`, { config, schema: { hide: true } }, async (req, reply) => {
    const e = find(req.params);
    if (!e) return mlflowError(reply, 404, 'RESOURCE_DOES_NOT_EXIST', 'no such served model');
    return reply
      .code(200)
      .type('application/json')
      .send(e.mlflowVersion ?? '');
  });
}

/** Raw bodies of any content type, and MLflow-style error JSON for a refused body. */
function scoringScope(scope: FastifyInstance, o: ServingRoutesOptions): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  scope.setErrorHandler((err: { code?: string }, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return mlflowError(
        reply,
        413,
        'REQUEST_LIMIT_EXCEEDED',
        `the scoring payload is larger than the limit of ${o.bodyLimit ?? DEFAULT_SCORING_BODY_LIMIT} bytes`,
      );
    // Token errors keep the API's shape; anything else is MLflow's error JSON.
    const res = toHttpError(err);
    if (err.code?.startsWith('api/')) return reply.code(res.status).send(res.body);
    return mlflowError(
      reply,
      res.status,
      res.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST',
      res.internal ? 'internal error' : res.body.error.message,
    );
  });
}

/**
 * Mounts model serving on the Millrace server: `/serving/<env>/<model>/invocations|ping|health|version`
 * (MLflow's scoring protocol, token with role reader), `GET /serving` (what serves which version) and
 * `GET /serving/metrics` (Prometheus). One call, separate from the rest of the API.
 */
export async function registerServingRoutes(
  app: FastifyInstance,
  backend: ServingBackend,
  options: ServingRoutesOptions = { role: 'reader' },
): Promise<void> {
  await app.register((scope, _opts, done) => {
    scoringScope(scope, options);
    mountScoring(scope, backend, '/serving/:env/:model', options);
    const config: FastifyContextConfig = options.role ? { role: options.role } : {};
    scope.get('/serving', { config, schema: { hide: true } }, () => ({ endpoints: backend.list() }));
    scope.get('/serving/metrics', { config, schema: { hide: true } }, (_req, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(backend.metrics()),
    );
    done();
  });
}

/**
 * The standalone scoring server of `millrace models serve`: MLflow's `/invocations`, `/ping`, `/health`,
 * `/version` for one served model, plus `/metrics`. No tokens, as `mlflow models serve`.
 */
export async function buildScoringServer(
  backend: ServingBackend,
  target: { readonly env: string; readonly model: string },
  options: ServingRoutesOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, return503OnClosing: true });
  await app.register((scope, _opts, done) => {
    scoringScope(scope, options);
    mountScoring(scope, backend, '', options, target);
    scope.get('/metrics', (_req, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(backend.metrics()),
    );
    done();
  });
  return app;
}

import { Readable } from 'node:stream';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MlflowService } from './mlflow-service.js';
import type { HttpFallback } from './mlflow-errors.js';
import { toMlflowError } from './mlflow-errors.js';

/** Prefixes the MLflow client and MLflow's web UI use for the same API. */
const API_PREFIXES = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'] as const;
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

/** What the HTTP shell mounting the MLflow API decides: who may call, who acts, how its errors look. */
export interface MlflowHttpOptions {
  /** Route config of an endpoint that reads (`read`) or writes (`write`): the shell's access rule reads it. */
  readonly routeConfig: (access: 'read' | 'write') => FastifyContextConfig;
  /** The actor of a request (audit, promotion requester). */
  readonly actor: (request: FastifyRequest) => string;
  /** Status and message of an error that is not an `mlflow/…` one. */
  readonly fallback: HttpFallback;
  /** OpenAPI security requirement of every route. */
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

function renderError(scope: FastifyInstance, fallback: HttpFallback): void {
  scope.setErrorHandler((err, _request, reply) => {
    const res = toMlflowError(err, fallback);
    if (res.internal) scope.log.error({ err }, 'internal error');
    return reply.status(res.status).send(res.body);
  });
}

function objectOf(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The MLflow tracking and registry endpoints: body, query and path parameters are one input, as in MLflow. */
function registerApi(scope: FastifyInstance, mlflow: MlflowService, o: MlflowHttpOptions): void {
  for (const route of mlflow.routes) {
    for (const prefix of API_PREFIXES) {
      scope.route({
        method: route.method,
        url: `${prefix}${route.path}`,
        config: o.routeConfig(route.access),
        schema: {
          tags: ['mlflow'],
          summary: `MLflow ${route.method} ${route.path}`,
          ...(o.security ? { security: o.security } : {}),
          hide: prefix !== API_PREFIXES[0],
        },
        handler: async (request: FastifyRequest) => {
          const input = {
            ...objectOf(request.query),
            ...objectOf(request.body),
            ...objectOf(request.params),
          };
          return mlflow.call(route, input, o.actor(request));
        },
      });
    }
  }
}

/**
 * MLflow's artifact proxy (`mlflow_artifacts.proto`): upload (PUT, any content type, streamed to a temp
 * file then renamed), download (GET), list (GET `?path=`), delete.
 */
function registerArtifacts(scope: FastifyInstance, mlflow: MlflowService, o: MlflowHttpOptions): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const pathOf = (request: FastifyRequest) => (request.params as { '*': string })['*'];
  const schema = { tags: ['mlflow'], ...(o.security ? { security: o.security } : {}) };
  const read = o.routeConfig('read');
  const write = o.routeConfig('write');
  scope.put(
    `${ARTIFACTS}/*`,
    { config: write, schema: { ...schema, summary: 'Upload an artifact' } },
    async (request) => {
      const body = request.body instanceof Readable ? request.body : Readable.from([]);
      await mlflow.artifacts.put(pathOf(request), body);
      return {};
    },
  );
  scope.get(
    `${ARTIFACTS}/*`,
    { config: read, schema: { ...schema, summary: 'Download an artifact' } },
    async (request, reply: FastifyReply) => {
      const { stream, size } = await mlflow.artifacts.get(pathOf(request));
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', size)
        .send(stream);
    },
  );
  scope.delete(
    `${ARTIFACTS}/*`,
    { config: write, schema: { ...schema, summary: 'Delete an artifact' } },
    async (request) => {
      await mlflow.artifacts.delete(pathOf(request));
      return {};
    },
  );
  scope.get(
    ARTIFACTS,
    { config: read, schema: { ...schema, summary: 'List artifacts under ?path=' } },
    async (request) => {
      const path = objectOf(request.query)['path'];
      return {
        files: await mlflow.artifacts.list(typeof path === 'string' && path !== '' ? path : undefined),
      };
    },
  );
}

/**
 * Mounts the MLflow REST API (`/api/2.0/mlflow/…`, `/ajax-api/2.0/mlflow/…`) and its artifact proxy on a
 * Fastify app: the project server, or the one `millrace run` starts for its notebooks (`serveMlflow`).
 */
export function registerMlflowHttp(
  app: FastifyInstance,
  mlflow: MlflowService,
  options: MlflowHttpOptions,
): void {
  // Two encapsulated scopes: MLflow's error shape for both, raw bodies for the artifact proxy only.
  void app.register((scope, _opts, done) => {
    renderError(scope, options.fallback);
    registerApi(scope, mlflow, options);
    done();
  });
  void app.register((scope, _opts, done) => {
    renderError(scope, options.fallback);
    registerArtifacts(scope, mlflow, options);
    done();
  });
}

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../auth.js';
import { toMlflowError } from '../mlflow-errors.js';
import type { RouteContext } from '../route-context.js';
import { bearer } from '../schemas.js';
import type { BackendMlflow } from '../server-backend.js';

/** Prefixes the MLflow client and MLflow's web UI use for the same API. */
const API_PREFIXES = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'] as const;
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

function renderError(scope: FastifyInstance): void {
  scope.setErrorHandler((err, _request, reply) => {
    const res = toMlflowError(err);
    if (res.internal) scope.log.error({ err }, 'internal error');
    return reply.status(res.status).send(res.body);
  });
}

function objectOf(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The MLflow tracking and registry endpoints: body, query and path parameters are one input, as in MLflow. */
function registerApi(scope: FastifyInstance, mlflow: BackendMlflow): void {
  for (const route of mlflow.routes) {
    for (const prefix of API_PREFIXES) {
      scope.route({
        method: route.method,
        url: `${prefix}${route.path}`,
        config: { role: route.access === 'read' ? 'reader' : 'operator' },
        schema: {
          tags: ['mlflow'],
          summary: `MLflow ${route.method} ${route.path}`,
          security: bearer,
          hide: prefix !== API_PREFIXES[0],
        },
        handler: async (request: FastifyRequest) => {
          const input = {
            ...objectOf(request.query),
            ...objectOf(request.body),
            ...objectOf(request.params),
          };
          return mlflow.call(route, input, actorOf(request));
        },
      });
    }
  }
}

/**
 * MLflow's artifact proxy (`mlflow_artifacts.proto`): upload (PUT, any content type, streamed to a temp
 * file then renamed), download (GET), list (GET `?path=`), delete.
 */
function registerArtifacts(scope: FastifyInstance, mlflow: BackendMlflow): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const pathOf = (request: FastifyRequest) => (request.params as { '*': string })['*'];
  const schema = { tags: ['mlflow'], security: bearer } as const;
  scope.put(
    `${ARTIFACTS}/*`,
    { config: { role: 'operator' }, schema: { ...schema, summary: 'Upload an artifact' } },
    async (request) => {
      const body = request.body instanceof Readable ? request.body : Readable.from([]);
      await mlflow.artifacts.put(pathOf(request), body);
      return {};
    },
  );
  scope.get(
    `${ARTIFACTS}/*`,
    { config: { role: 'reader' }, schema: { ...schema, summary: 'Download an artifact' } },
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
    { config: { role: 'operator' }, schema: { ...schema, summary: 'Delete an artifact' } },
    async (request) => {
      await mlflow.artifacts.delete(pathOf(request));
      return {};
    },
  );
  scope.get(
    ARTIFACTS,
    { config: { role: 'reader' }, schema: { ...schema, summary: 'List artifacts under ?path=' } },
    async (request) => {
      const path = objectOf(request.query)['path'];
      return {
        files: await mlflow.artifacts.list(typeof path === 'string' && path !== '' ? path : undefined),
      };
    },
  );
}

/** Registers the MLflow API and artifact proxy on an app (the project server, or `millrace run`'s own). */
export function registerMlflow(app: FastifyInstance, mlflow: BackendMlflow): void {
  // Two encapsulated scopes: MLflow's error shape for both, raw bodies for the artifact proxy only.
  void app.register((scope, _opts, done) => {
    renderError(scope);
    registerApi(scope, mlflow);
    done();
  });
  void app.register((scope, _opts, done) => {
    renderError(scope);
    registerArtifacts(scope, mlflow);
    done();
  });
}

/** Route module: the MLflow routes when the backend has an MLflow service. */
export function registerMlflowRoutes(app: FastifyInstance, { backend }: RouteContext): void {
  if (backend.mlflow) registerMlflow(app, backend.mlflow);
}

import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { registerAuth } from './auth.js';
import { toHttpError } from './http-errors.js';
import { ServerMetrics } from './metrics.js';
import { DEFAULT_WEB_ROOT, registerWebUi } from './web-ui.js';
import type { RouteContext } from './route-context.js';
import { ROUTES } from './routes/index.js';
import type { ServerServices } from './route-context.js';

/** Options of `buildServer`. */
export interface BuildServerOptions {
  /** Largest accepted request body in bytes; larger → 413 `api/payload-too-large`. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** Fastify's logger (pino) on or off. Default off. */
  readonly logger?: boolean;
  /** Version shown in `/api/health` and the OpenAPI document. */
  readonly version?: string;
  /** Folder of the built web UI served at `/`; default dist/web (`npm run build`); `false` serves none. */
  readonly webRoot?: string | false;
}

/** The default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Builds the Fastify app over the library's services (start-server.ts opens them): JSON routes (each with a schema, gathered into `/openapi.json`),
 * bearer-token roles, JSON errors (`{error: {code, message}}`) for every bad request, Prometheus metrics.
 * Call `listen` on the result, or `inject` in tests. Closing the app cancels the runs it started and ends
 * the open log streams.
 */
export async function buildServer(
  services: ServerServices,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Unknown fields are errors, never silently dropped; query strings are coerced to the schema types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    return503OnClosing: true,
  });
  const metrics = new ServerMetrics();
  const ctx: RouteContext = {
    services,
    metrics,
    activeRuns: new Map(),
    streams: new Set(),
    logError: (err, message) => app.log.error({ err }, message),
  };
  const unsubscribe = services.millrace.subscribe((event) => metrics.observeEvent(event));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Millrace API', version: options.version ?? '0.0.0' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  app.setErrorHandler((err, _request, reply) => {
    const res = toHttpError(err);
    if (res.internal) app.log.error({ err }, 'internal error');
    if (res.status === 401) void reply.header('www-authenticate', 'Bearer');
    return reply.status(res.status).send(res.body);
  });
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const uiPage = webRoot === false ? undefined : await registerWebUi(app, webRoot);
  app.setNotFoundHandler(
    (request, reply) =>
      uiPage?.(request, reply) ??
      reply.status(404).send({
        error: {
          code: 'api/not-found',
          message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
        },
      }),
  );
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.addHook('preClose', async () => {
    for (const end of ctx.streams) end();
    for (const runId of ctx.activeRuns.keys()) await services.millrace.cancelRun(runId);
    await Promise.allSettled(ctx.activeRuns.values());
  });
  app.addHook('onClose', (_instance, done) => {
    unsubscribe();
    done();
  });
  registerAuth(app, (token) => services.access.authenticate(token));
  for (const register of ROUTES) register(app, ctx);
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return app;
}

import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { registerAuth } from './auth.js';
import { registerMlflow } from './routes/mlflow.js';
import type { BackendMlflow, BackendPrincipal } from './server-backend.js';

/**
 * A server with only the MLflow API and artifact proxy, for the notebooks of one `millrace run`: every
 * request needs `Authorization: Bearer <token>` that `authenticate` accepts (a per-run token).
 */
export async function buildMlflowServer(
  mlflow: BackendMlflow,
  authenticate: (token: string) => Promise<BackendPrincipal | undefined>,
): Promise<FastifyInstance> {
  // Logged model batches and params can exceed Fastify's 1 MiB default; artifacts stream regardless.
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  registerAuth(app, { access: { authenticate } });
  registerMlflow(app, mlflow);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `no MLflow endpoint ${request.method} ${request.url.split('?')[0] ?? ''}`,
    }),
  );
  await app.ready();
  return app;
}

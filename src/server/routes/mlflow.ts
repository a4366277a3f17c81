import type { FastifyInstance } from 'fastify';
import { mountMlflow } from '../../index.js';
import { actorOf } from '../auth.js';
import { toHttpError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { bearer } from '../schemas.js';

/**
 * Route module: the MLflow API (`/api/2.0/mlflow/…`, `/ajax-api/2.0/mlflow/…`) and artifact proxy of the
 * library's MLflow service, behind the server's roles (reads need reader, writes operator) and MLflow's error
 * JSON. Registered as a plugin, so Fastify waits for the mount before it listens.
 */
export function registerMlflowRoutes(app: FastifyInstance, { services }: RouteContext): void {
  void app.register(async (scope) =>
    mountMlflow(scope, services.mlflow, {
      routeConfig: (access) => ({ role: access === 'read' ? 'reader' : 'operator' }),
      actor: actorOf,
      fallback: (err) => {
        const res = toHttpError(err);
        return { status: res.status, message: res.body.error.message, internal: res.internal };
      },
      security: bearer,
    }),
  );
}

import type { FastifyInstance } from 'fastify';
import * as api from '../api-schemas.js';
import { jsonSchema } from '../json-schema.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses } from '../schemas.js';

const STATUSES = ['Queued', 'InProgress', 'Succeeded', 'Failed', 'Canceling', 'Cancelled'] as const;

/** `GET /api/health` (public) and `GET /metrics` (Prometheus text, reader). */
export function registerHealthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Liveness check (no token needed)',
        tags: ['health'],
        response: { 200: jsonSchema(api.health) },
      },
    },
    () => ({ status: 'ok' }),
  );
  app.get(
    '/metrics',
    {
      config: { role: 'reader' },
      schema: {
        summary: 'Prometheus metrics (text exposition format 0.0.4)',
        tags: ['health'],
        security: bearer,
        produces: ['text/plain'],
        response: { 200: { type: 'string' }, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const counts: Record<string, number> = {};
      for (const status of STATUSES) {
        counts[status] = (await ctx.services.millrace.listRuns({ status: [status], limit: 1 })).total;
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.metrics.render(counts));
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ApiEnvironmentList } from '../api-types.js';
import * as api from '../api-schemas.js';
import { jsonSchema } from '../json-schema.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses } from '../schemas.js';
import { listEnvironments } from '../../index.js';

/** The project's environments (`millrace env list`): where deployments go. */
export function registerEnvironmentRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.get(
    '/api/environments',
    {
      config: { role: 'reader' },
      schema: {
        summary: "Environments of millrace.json and preview environments; `default` is the server's --env",
        tags: ['deployments'],
        security: bearer,
        response: { 200: jsonSchema(api.environmentList), ...errorResponses },
      },
    },
    async (): Promise<ApiEnvironmentList> => {
      const items = (await listEnvironments(services.config.root)).map((e) => ({
        name: e.name,
        protected: e.protected,
        ...(e.preview ? { preview: e.preview } : {}),
      }));
      return { items, ...(services.environment === undefined ? {} : { default: services.environment }) };
    },
  );
}

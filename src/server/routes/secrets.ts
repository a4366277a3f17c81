import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { openSecrets } from '../../index.js';
import * as api from '../api-schemas.js';
import { actorOf } from '../auth.js';
import { jsonSchema } from '../json-schema.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses, nameParams } from '../schemas.js';

/** Secrets of an environment (admin): names out, values in, never a value out. */
export function registerSecretRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { config } = services;
  const environment = (env: string | undefined): string => {
    const e = env ?? services.environment;
    if (e === undefined) {
      throw apiError(
        'api/invalid-request',
        'querystring.env: which environment? (the server has no --env)',
        'querystring.env',
      );
    }
    return e;
  };
  app.get<{ Querystring: z.output<typeof api.envQuery> }>(
    '/api/secrets',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Secret names of an environment (never values)',
        tags: ['secrets'],
        security: bearer,
        querystring: jsonSchema(api.envQuery, 'input'),
        response: { 200: jsonSchema(api.secretNames), ...errorResponses },
      },
    },
    async (request) => {
      const env = environment(request.query.env);
      return { environment: env, names: await (await openSecrets({ config, environment: env })).list() };
    },
  );
  app.put<{
    Params: { name: string };
    Querystring: z.output<typeof api.envQuery>;
    Body: z.output<typeof api.secretBody>;
  }>(
    '/api/secrets/:name',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Set a secret (write-only: the value is never returned)',
        tags: ['secrets'],
        security: bearer,
        params: nameParams,
        querystring: jsonSchema(api.envQuery, 'input'),
        body: jsonSchema(api.secretBody, 'input'),
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const env = environment(request.query.env);
      await (await openSecrets({ config, environment: env })).set(request.params.name, request.body.value);
      await services.access.audit({
        actor: actorOf(request),
        action: 'secret.write',
        target: request.params.name,
        detail: env,
      });
      return reply.status(204).send();
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { describePipeline } from '../../index.js';
import * as api from '../api-schemas.js';
import { apiError } from '../http-errors.js';
import { jsonSchema } from '../json-schema.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses, nameParams } from '../schemas.js';

const listOf = (items: Parameters<typeof api.itemsOf>[0]) => jsonSchema(api.itemsOf(items));

const read = { role: 'reader' } as const;

/** Read-only factory resources: pipelines, datasets, linked services (as loaded at start). Triggers: triggers.ts. */
export function registerResourceRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { description } = services;
  const schema = (summary: string, response: object) => ({
    summary,
    tags: ['resources'],
    security: bearer,
    response: { 200: response, ...errorResponses },
  });
  app.get(
    '/api/pipelines',
    { config: read, schema: schema('List pipelines', listOf(api.pipelineSummary)) },
    () => ({ items: description.pipelines }),
  );
  app.get<{ Params: { name: string } }>(
    '/api/pipelines/:name',
    {
      config: read,
      schema: {
        ...schema(
          'A pipeline: summary and resource JSON (secure defaults masked)',
          jsonSchema(api.pipelineDetail),
        ),
        params: nameParams,
      },
    },
    (request) => {
      const found = describePipeline(services.project.factory, description, request.params.name);
      if (!found) throw apiError('run/unknown-pipeline', `unknown pipeline "${request.params.name}"`);
      return found;
    },
  );
  app.get('/api/datasets', { config: read, schema: schema('List datasets', listOf(api.dataset)) }, () => ({
    items: description.datasets,
  }));
  app.get(
    '/api/linked-services',
    { config: read, schema: schema('List linked services (name and type only)', listOf(api.linkedService)) },
    () => ({ items: description.linkedServices }),
  );
}

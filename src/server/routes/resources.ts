import type { FastifyInstance } from 'fastify';
import { describePipeline } from '../../index.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { anyJson, bearer, errorResponses, nameParams } from '../schemas.js';

const pipelineSummary = {
  type: 'object',
  required: ['name', 'file', 'activities', 'parameters'],
  properties: {
    name: { type: 'string' },
    file: { type: 'string' },
    activities: { type: 'integer' },
    parameters: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'type', 'required'],
        properties: { name: { type: 'string' }, type: { type: 'string' }, required: { type: 'boolean' } },
      },
    },
  },
} as const;

const list = (items: object) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items } },
});

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
    { config: read, schema: schema('List pipelines', list(pipelineSummary)) },
    () => ({
      items: description.pipelines,
    }),
  );
  app.get<{ Params: { name: string } }>(
    '/api/pipelines/:name',
    {
      config: read,
      schema: {
        ...schema('A pipeline: summary and resource JSON (secure defaults masked)', {
          type: 'object',
          required: [...pipelineSummary.required, 'resource'],
          properties: { ...pipelineSummary.properties, resource: anyJson },
        }),
        params: nameParams,
      },
    },
    (request) => {
      const found = describePipeline(services.project.factory, description, request.params.name);
      if (!found) throw apiError('run/unknown-pipeline', `unknown pipeline "${request.params.name}"`);
      return found;
    },
  );
  const named = (extra: Record<string, object>) =>
    list({
      type: 'object',
      required: ['name', 'type', ...Object.keys(extra)],
      properties: { name: { type: 'string' }, type: { type: 'string' }, ...extra },
    });
  app.get(
    '/api/datasets',
    { config: read, schema: schema('List datasets', named({ linkedService: { type: 'string' } })) },
    () => ({ items: description.datasets }),
  );
  app.get(
    '/api/linked-services',
    { config: read, schema: schema('List linked services (name and type only)', named({})) },
    () => ({ items: description.linkedServices }),
  );
}

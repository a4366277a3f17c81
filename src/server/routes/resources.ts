import type { FastifyInstance } from 'fastify';
import type { ApiFinding } from '../api-types.js';
import { describePipeline, formatJsonPath, validateProject } from '../../index.js';
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
  // The project is loaded once at start, so its findings are computed once, on first ask.
  let findings: { readonly file?: string; readonly finding: ApiFinding }[] | undefined;
  const findingsOf = (file: string): ApiFinding[] =>
    (findings ??= validateProject(services.project).diagnostics.map((d) => ({
      ...(d.location.file === undefined ? {} : { file: d.location.file }),
      finding: {
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.location.path === undefined ? {} : { path: formatJsonPath(d.location.path) }),
        ...(d.location.line === undefined ? {} : { line: d.location.line }),
        ...(d.location.column === undefined ? {} : { column: d.location.column }),
        ...(d.hint === undefined ? {} : { hint: d.hint }),
      },
    })))
      .filter((f) => f.file === file)
      .map((f) => f.finding);
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
      return { ...found, findings: findingsOf(found.file) };
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

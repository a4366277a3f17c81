import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiRunPage, ApiRunStarted } from '../api-types.js';
import { actorOf } from '../auth.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import * as api from '../api-schemas.js';
import { jsonSchema } from '../json-schema.js';
import {
  bearer,
  errorResponses,
  nameParams,
  runDocumentSchema,
  runIdParams,
  runStartedSchema,
} from '../schemas.js';
import type { z } from 'zod';
import { buildRunSummary } from '../../index.js';
import type { StartedRun } from '../../index.js';

type ListQuery = z.output<typeof api.runListQuery>;

const op = { role: 'operator' } as const;
const read = { role: 'reader' } as const;

/** Runs: start (202, runs in the background), list, get, activity runs, cancel, rerun. */
export function registerRunRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { millrace, access } = ctx.services;
  const accepted = async (reply: FastifyReply, started: StartedRun): Promise<ApiRunStarted> => {
    ctx.activeRuns.set(
      started.runId,
      started.done
        .catch((err: unknown) => ctx.logError(err, `run ${started.runId} failed to finish`))
        .finally(() => ctx.activeRuns.delete(started.runId)),
    );
    const doc = await millrace.getRun(started.runId);
    const location = `/api/runs/${encodeURIComponent(started.runId)}`;
    void reply.status(202).header('location', location);
    return { runId: started.runId, status: doc?.status ?? 'Queued', location };
  };
  const existing = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const doc = await millrace.getRun(request.params.id);
    if (!doc) throw apiError('run/unknown-run', `no run with id ${request.params.id}`);
    return doc;
  };

  app.post<{ Params: { name: string }; Body: z.output<typeof api.startRunBody> | undefined }>(
    '/api/pipelines/:name/runs',
    {
      config: op,
      schema: {
        summary: 'Start a run (returns at once; poll the run)',
        tags: ['runs'],
        security: bearer,
        params: nameParams,
        body: jsonSchema(api.startRunBody, 'input'),
        response: { 202: runStartedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const started = await millrace.startRun(request.params.name, {
        parameters: request.body?.parameters ?? {},
      });
      await access.audit({
        actor: actorOf(request),
        action: 'run.start',
        target: request.params.name,
        detail: started.runId,
      });
      return accepted(reply, started);
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/api/runs',
    {
      config: read,
      schema: {
        summary: 'List runs: filters, sorting by queue time, pagination',
        tags: ['runs'],
        security: bearer,
        querystring: jsonSchema(api.runListQuery, 'input'),
        response: { 200: jsonSchema(api.runPage), ...errorResponses },
      },
    },
    async (request): Promise<ApiRunPage> => {
      const q = request.query;
      const page = await millrace.listRuns({
        ...(q.pipeline === undefined ? {} : { pipeline: q.pipeline }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.environment === undefined ? {} : { environment: q.environment }),
        ...(q.triggerType === undefined ? {} : { triggerType: q.triggerType }),
        ...(q.since === undefined ? {} : { since: Date.parse(q.since) }),
        ...(q.until === undefined ? {} : { until: Date.parse(q.until) }),
        order: q.order,
        limit: q.limit,
        offset: q.offset,
      });
      const next = q.offset + page.runs.length;
      return {
        runs: page.runs.map(buildRunSummary),
        total: page.total,
        limit: q.limit,
        offset: q.offset,
        ...(next < page.total && page.runs.length > 0 ? { nextOffset: next } : {}),
      };
    },
  );

  const byId = (summaryText: string, response: object) => ({
    summary: summaryText,
    tags: ['runs'],
    security: bearer,
    params: runIdParams,
    response: { 200: response, ...errorResponses },
  });
  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    { config: read, schema: byId('A run document (secure values masked)', runDocumentSchema) },
    existing,
  );
  app.get<{ Params: { id: string } }>(
    '/api/runs/:id/activities',
    {
      config: read,
      schema: byId('Activity runs of a run, in the order they began', jsonSchema(api.activityRunList)),
    },
    async (request) => ({ items: (await existing(request)).activityRuns }),
  );
  registerRunActions(app, ctx, accepted, existing);
}

function registerRunActions(
  app: FastifyInstance,
  { services: { millrace, access } }: RouteContext,
  accepted: (reply: FastifyReply, started: StartedRun) => Promise<ApiRunStarted>,
  existing: (request: FastifyRequest<{ Params: { id: string } }>) => Promise<{ status: string }>,
): void {
  app.post<{ Params: { id: string } }>(
    '/api/runs/:id/cancel',
    {
      config: op,
      schema: {
        summary: 'Cancel a queued or running run',
        tags: ['runs'],
        security: bearer,
        params: runIdParams,
        response: { 202: jsonSchema(api.runCancelled), ...errorResponses },
      },
    },
    async (request, reply) => {
      const doc = await existing(request);
      if (!(await millrace.cancelRun(request.params.id))) {
        throw apiError(
          'run/not-active',
          `run ${request.params.id} is ${doc.status}; only an active run can be cancelled`,
        );
      }
      await access.audit({
        actor: actorOf(request),
        action: 'run.cancel',
        target: request.params.id,
      });
      const now = await millrace.getRun(request.params.id);
      return reply.status(202).send({ runId: request.params.id, status: now?.status ?? 'Canceling' });
    },
  );
  app.post<{ Params: { id: string }; Body: z.output<typeof api.rerunBody> | undefined }>(
    '/api/runs/:id/rerun',
    {
      config: op,
      schema: {
        summary:
          'Rerun a finished run (same parameters); fromFailed reruns from the failed activities, iterations only those failed ForEach iterations',
        tags: ['runs'],
        security: bearer,
        params: runIdParams,
        body: jsonSchema(api.rerunBody, 'input'),
        response: { 202: runStartedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await existing(request);
      const started = await millrace.startRerun(request.params.id, {
        fromFailed: request.body?.fromFailed === true,
        ...(request.body?.iterations ? { iterations: request.body.iterations } : {}),
        parameters: request.body?.parameters ?? {},
      });
      await access.audit({
        actor: actorOf(request),
        action: 'run.rerun',
        target: request.params.id,
        detail: started.runId,
      });
      return accepted(reply, started);
    },
  );
}

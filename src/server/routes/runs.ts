import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiJson, ApiRunPage, ApiRunStarted, ApiRunSummary } from '../api-types.js';
import { actorOf } from '../auth.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import {
  activityRunSchema,
  bearer,
  errorResponses,
  freeObject,
  nameParams,
  runDocumentSchema,
  runIdParams,
  runStartedSchema,
} from '../schemas.js';
import type { PipelineRunRecord, RunStatus, StartedRun } from '../../index.js';

const STATUSES = ['Queued', 'InProgress', 'Succeeded', 'Failed', 'Canceling', 'Cancelled'] as const;

interface ListQuery {
  readonly pipeline?: string;
  readonly status?: RunStatus[];
  readonly since?: string;
  readonly until?: string;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly offset: number;
}

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pipeline: { type: 'string', minLength: 1 },
    status: { type: 'array', items: { type: 'string', enum: STATUSES } },
    since: { type: 'string', format: 'date-time', description: 'queued at or after (ISO-8601)' },
    until: { type: 'string', format: 'date-time', description: 'queued before (ISO-8601)' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'desc', description: 'by queue time' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

const runSummarySchema = {
  type: 'object',
  required: ['runId', 'pipeline', 'status', 'groupId', 'queuedAt', 'start', 'end', 'durationMs'],
  properties: {
    runId: { type: 'string' },
    pipeline: { type: 'string' },
    status: { type: 'string' },
    message: { type: 'string' },
    groupId: { type: 'string' },
    invokedBy: freeObject,
    queuedAt: { type: 'string' },
    start: { type: ['string', 'null'] },
    end: { type: ['string', 'null'] },
    durationMs: { type: ['number', 'null'] },
  },
} as const;

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function summary(r: PipelineRunRecord): ApiRunSummary {
  return {
    runId: r.runId,
    pipeline: r.pipeline,
    status: r.status,
    ...(r.message === undefined ? {} : { message: r.message }),
    groupId: r.groupId,
    invokedBy: r.invokedBy,
    queuedAt: new Date(r.queuedAt).toISOString(),
    start: iso(r.start),
    end: iso(r.end),
    durationMs: r.start !== undefined && r.end !== undefined ? r.end - r.start : null,
  };
}

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

  app.post<{ Params: { name: string }; Body: { parameters?: Record<string, ApiJson> } }>(
    '/api/pipelines/:name/runs',
    {
      config: op,
      schema: {
        summary: 'Start a run (returns at once; poll the run)',
        tags: ['runs'],
        security: bearer,
        params: nameParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { parameters: { ...freeObject, description: 'typed values by parameter name' } },
        },
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
        querystring: listQuerySchema,
        response: {
          200: {
            type: 'object',
            required: ['runs', 'total', 'limit', 'offset'],
            properties: {
              runs: { type: 'array', items: runSummarySchema },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
              nextOffset: { type: 'integer' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request): Promise<ApiRunPage> => {
      const q = request.query;
      const page = await millrace.listRuns({
        ...(q.pipeline === undefined ? {} : { pipeline: q.pipeline }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.since === undefined ? {} : { since: Date.parse(q.since) }),
        ...(q.until === undefined ? {} : { until: Date.parse(q.until) }),
        order: q.order,
        limit: q.limit,
        offset: q.offset,
      });
      const next = q.offset + page.runs.length;
      return {
        runs: page.runs.map(summary),
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
      schema: byId('Activity runs of a run, in the order they began', {
        type: 'object',
        required: ['items'],
        properties: { items: { type: 'array', items: activityRunSchema } },
      }),
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
        response: {
          202: {
            type: 'object',
            required: ['runId', 'status'],
            properties: { runId: { type: 'string' }, status: { type: 'string' } },
          },
          ...errorResponses,
        },
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
  app.post<{
    Params: { id: string };
    Body: { fromFailed?: boolean; parameters?: Record<string, ApiJson> } | undefined;
  }>(
    '/api/runs/:id/rerun',
    {
      config: op,
      schema: {
        summary: 'Rerun a finished run (same parameters); fromFailed reruns from the failed activities',
        tags: ['runs'],
        security: bearer,
        params: runIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { fromFailed: { type: 'boolean', default: false }, parameters: freeObject },
        },
        response: { 202: runStartedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await existing(request);
      const started = await millrace.startRerun(request.params.id, {
        fromFailed: request.body?.fromFailed === true,
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

import type { FastifyInstance } from 'fastify';
import type {
  ApiBackfill,
  ApiJson,
  ApiTriggerDetail,
  ApiTriggerList,
  ApiTriggerRun,
  ApiTriggerRunPage,
  ApiTriggerState,
  ApiWindowRerun,
} from '../api-types.js';
import { actorOf } from '../auth.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { anyJson, bearer, errorResponses, nameParams } from '../schemas.js';
import type { TriggerRunRecord, TriggerWindowQuery } from '../../index.js';

const RUN_STATUSES = ['Waiting', 'Running', 'Succeeded', 'Failed', 'Cancelled'] as const;

const triggerProperties = {
  name: { type: 'string' },
  type: { type: 'string' },
  runtimeState: { type: 'string', enum: ['Started', 'Stopped'] },
  stateSource: { type: 'string', enum: ['store', 'environment', 'factory'] },
  pipelines: { type: 'array', items: { type: 'string' } },
  nextRun: { type: 'string', description: 'next occurrence of a ScheduleTrigger (ISO-8601)' },
} as const;
const triggerRequired = ['name', 'type', 'runtimeState', 'stateSource', 'pipelines'];
const triggerSchema = { type: 'object', required: triggerRequired, properties: triggerProperties } as const;

const time = { type: 'string', description: 'ISO-8601' } as const;
const triggerRunSchema = {
  type: 'object',
  required: ['trigger', 'key', 'kind', 'pipeline', 'status', 'attempt', 'scheduledTime'],
  properties: {
    trigger: { type: 'string' },
    key: { type: 'string' },
    kind: { type: 'string', enum: ['schedule', 'window', 'blob'] },
    pipeline: { type: 'string' },
    status: { type: 'string', enum: RUN_STATUSES },
    attempt: { type: 'integer' },
    runId: { type: 'string' },
    triggerRunId: { type: 'string' },
    scheduledTime: time,
    windowStart: time,
    windowEnd: time,
    firedAt: time,
    endedAt: time,
    nextAttemptAt: time,
    message: { type: 'string' },
    payload: anyJson,
  },
} as const;

const runPageSchema = {
  type: 'object',
  required: ['items', 'limit', 'offset'],
  properties: {
    items: { type: 'array', items: triggerRunSchema },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    nextOffset: { type: 'integer' },
  },
} as const;

interface PageQuery {
  readonly status?: ApiTriggerRun['status'][];
  readonly limit: number;
  readonly offset: number;
}

const pageQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'array', items: { type: 'string', enum: RUN_STATUSES } },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

const dateTime = { type: 'string', format: 'date-time' } as const;
const backfillBody = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { ...dateTime, description: 'first window start included (ISO-8601)' },
    to: { ...dateTime, description: 'windows starting at or after it are left out (ISO-8601)' },
  },
} as const;
const rerunBody = {
  type: 'object',
  additionalProperties: false,
  required: ['windowStart'],
  properties: { windowStart: { ...dateTime, description: 'start of the window to rerun (ISO-8601)' } },
} as const;

const isoOf = (ms: number): string => new Date(ms).toISOString();

function toApiRun(r: TriggerRunRecord): ApiTriggerRun {
  const { scheduledTime, windowStart, windowEnd, firedAt, endedAt, nextAttemptAt, payload } = r;
  return {
    trigger: r.trigger,
    key: r.key,
    kind: r.kind,
    pipeline: r.pipeline,
    status: r.status,
    attempt: r.attempt,
    ...(r.runId === undefined ? {} : { runId: r.runId }),
    ...(r.triggerRunId === undefined ? {} : { triggerRunId: r.triggerRunId }),
    ...(r.message === undefined ? {} : { message: r.message }),
    scheduledTime: isoOf(scheduledTime),
    ...(windowStart === undefined ? {} : { windowStart: isoOf(windowStart) }),
    ...(windowEnd === undefined ? {} : { windowEnd: isoOf(windowEnd) }),
    ...(firedAt === undefined ? {} : { firedAt: isoOf(firedAt) }),
    ...(endedAt === undefined ? {} : { endedAt: isoOf(endedAt) }),
    ...(nextAttemptAt === undefined ? {} : { nextAttemptAt: isoOf(nextAttemptAt) }),
    ...(payload === undefined ? {} : { payload: payload as ApiJson }),
  };
}

/** Asks for one row more than the page to know whether a next page exists. */
async function page(
  fetch: (q: TriggerWindowQuery) => Promise<readonly TriggerRunRecord[]>,
  q: PageQuery,
): Promise<ApiTriggerRunPage> {
  const rows = await fetch({
    ...(q.status ? { status: q.status } : {}),
    limit: q.limit + 1,
    offset: q.offset,
  });
  return {
    items: rows.slice(0, q.limit).map(toApiRun),
    limit: q.limit,
    offset: q.offset,
    ...(rows.length > q.limit ? { nextOffset: q.offset + q.limit } : {}),
  };
}

const read = { role: 'reader' } as const;
const op = { role: 'operator' } as const;
type Named = { Params: { name: string } };

/**
 * Triggers: list and inspect (reader); start, stop, backfill and window reruns (operator, audit-logged).
 * Trigger runs and windows page newest first.
 */
export function registerTriggerRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const { triggers } = services;
  const schema = (summary: string, response: Record<number, object>, extra: object = {}) => ({
    summary,
    tags: ['triggers'],
    security: bearer,
    ...extra,
    response: { ...response, ...errorResponses },
  });

  app.get(
    '/api/triggers',
    {
      config: read,
      schema: schema('List triggers: type, pipelines, runtime state, next run', {
        200: {
          type: 'object',
          required: ['items', 'scheduler'],
          properties: {
            items: { type: 'array', items: triggerSchema },
            scheduler: { type: 'string', enum: ['running', 'off'] },
          },
        },
      }),
    },
    async (): Promise<ApiTriggerList> => ({
      items: await triggers.list(),
      scheduler: services.schedulerRunning() ? 'running' : 'off',
    }),
  );

  app.get<Named>(
    '/api/triggers/:name',
    {
      config: read,
      schema: schema(
        'A trigger with its resource JSON',
        {
          200: {
            type: 'object',
            required: [...triggerRequired, 'resource'],
            properties: { ...triggerProperties, resource: anyJson },
          },
        },
        { params: nameParams },
      ),
    },
    async (request): Promise<ApiTriggerDetail> => {
      const t = await triggers.get(request.params.name);
      return { ...t, resource: t.resource as ApiJson };
    },
  );

  for (const [verb, state] of [
    ['start', 'Started'],
    ['stop', 'Stopped'],
  ] as const) {
    app.post<Named>(
      `/api/triggers/:name/${verb}`,
      {
        config: op,
        schema: schema(
          `${verb === 'start' ? 'Start' : 'Stop'} a trigger (kept in the state store; wins over the factory)`,
          {
            200: {
              type: 'object',
              required: ['name', 'runtimeState'],
              properties: { name: triggerProperties.name, runtimeState: triggerProperties.runtimeState },
            },
          },
          { params: nameParams },
        ),
      },
      async (request): Promise<ApiTriggerState> => {
        const name = (await triggers.get(request.params.name)).name;
        await triggers.setState(name, state);
        await services.access.audit({ actor: actorOf(request), action: `trigger.${verb}`, target: name });
        return { name, runtimeState: state };
      },
    );
  }

  app.get<Named & { Querystring: PageQuery }>(
    '/api/triggers/:name/runs',
    {
      config: read,
      schema: schema(
        'Trigger runs (occurrences, windows, storage events) with status and pipeline run id, newest first',
        { 200: runPageSchema },
        { params: nameParams, querystring: pageQuerySchema },
      ),
    },
    (request) => page((q) => triggers.runs({ trigger: request.params.name, ...q }), request.query),
  );

  app.get<Named & { Querystring: PageQuery }>(
    '/api/triggers/:name/windows',
    {
      config: read,
      schema: schema(
        'Windows of a tumbling window trigger and their state, newest first',
        { 200: runPageSchema },
        { params: nameParams, querystring: pageQuerySchema },
      ),
    },
    (request) => page((q) => triggers.windows(request.params.name, q), request.query),
  );

  app.post<Named & { Body: { windowStart: string } }>(
    '/api/triggers/:name/windows/rerun',
    {
      config: op,
      schema: schema(
        'Rerun a finished window (it waits for the scheduler)',
        {
          202: {
            type: 'object',
            required: ['trigger', 'windowStart', 'status'],
            properties: { trigger: { type: 'string' }, windowStart: time, status: { type: 'string' } },
          },
        },
        { params: nameParams, body: rerunBody },
      ),
    },
    async (request, reply): Promise<ApiWindowRerun> => {
      const name = (await triggers.get(request.params.name)).name;
      const windowStart = Date.parse(request.body.windowStart);
      if (!(await triggers.rerunWindow(name, windowStart))) {
        throw apiError(
          'trigger/window-running',
          `window ${request.body.windowStart} of "${name}" is running`,
        );
      }
      const at = isoOf(windowStart);
      await services.access.audit({
        actor: actorOf(request),
        action: 'trigger.rerun-window',
        target: name,
        detail: at,
      });
      void reply.status(202);
      return { trigger: name, windowStart: at, status: 'Waiting' };
    },
  );

  app.post<Named & { Body: { from: string; to: string } }>(
    '/api/triggers/:name/backfill',
    {
      config: op,
      schema: schema(
        'Queue (or rerun) the tumbling windows starting in [from, to); the scheduler runs them',
        {
          202: {
            type: 'object',
            required: ['trigger', 'from', 'to', 'windows'],
            properties: { trigger: { type: 'string' }, from: time, to: time, windows: { type: 'integer' } },
          },
        },
        { params: nameParams, body: backfillBody },
      ),
    },
    async (request, reply): Promise<ApiBackfill> => {
      const name = (await triggers.get(request.params.name)).name;
      const from = Date.parse(request.body.from);
      const to = Date.parse(request.body.to);
      const windows = await triggers.backfill(name, from, to);
      const range = { from: isoOf(from), to: isoOf(to) };
      await services.access.audit({
        actor: actorOf(request),
        action: 'trigger.backfill',
        target: name,
        detail: `${range.from}/${range.to}: ${windows} windows`,
      });
      void reply.status(202);
      return { trigger: name, ...range, windows };
    },
  );
}

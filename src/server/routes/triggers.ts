import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type {
  ApiBackfill,
  ApiTriggerDetail,
  ApiTriggerList,
  ApiTriggerRun,
  ApiTriggerRunPage,
  ApiTriggerState,
  ApiWindowRerun,
} from '../api-types.js';
import * as api from '../api-schemas.js';
import { actorOf } from '../auth.js';
import { jsonSchema } from '../json-schema.js';
import { apiError } from '../http-errors.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses, nameParams } from '../schemas.js';
import type { TriggerRunRecord, TriggerWindowQuery } from '../../index.js';

type PageQuery = z.output<typeof api.triggerRunQuery>;

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
    ...(payload === undefined ? {} : { payload }),
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
        200: jsonSchema(api.triggerList),
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
        { 200: jsonSchema(api.triggerDetail) },
        { params: nameParams },
      ),
    },
    async (request): Promise<ApiTriggerDetail> => {
      const t = await triggers.get(request.params.name);
      return t;
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
          { 200: jsonSchema(api.triggerState) },
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
        { 200: jsonSchema(api.triggerRunPage) },
        { params: nameParams, querystring: jsonSchema(api.triggerRunQuery, 'input') },
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
        { 200: jsonSchema(api.triggerRunPage) },
        { params: nameParams, querystring: jsonSchema(api.triggerRunQuery, 'input') },
      ),
    },
    (request) => page((q) => triggers.windows(request.params.name, q), request.query),
  );

  app.post<Named & { Body: z.output<typeof api.windowRerunBody> }>(
    '/api/triggers/:name/windows/rerun',
    {
      config: op,
      schema: schema(
        'Rerun a finished window (it waits for the scheduler)',
        { 202: jsonSchema(api.windowRerun) },
        { params: nameParams, body: jsonSchema(api.windowRerunBody, 'input') },
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

  app.post<Named & { Body: z.output<typeof api.backfillBody> }>(
    '/api/triggers/:name/backfill',
    {
      config: op,
      schema: schema(
        'Queue (or rerun) the tumbling windows starting in [from, to); the scheduler runs them',
        { 202: jsonSchema(api.backfill) },
        { params: nameParams, body: jsonSchema(api.backfillBody, 'input') },
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

import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ApiLogLine } from '../api-types.js';
import * as api from '../api-schemas.js';
import { apiError } from '../http-errors.js';
import { jsonSchema } from '../json-schema.js';
import type { RouteContext } from '../route-context.js';
import { bearer, errorResponses, runIdParams } from '../schemas.js';

/** A comment line every this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/** Kept logs of a run, and the live log stream (Server-Sent Events). */
export function registerLogRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { millrace } = ctx.services;
  app.get<{ Params: { id: string }; Querystring: z.output<typeof api.logQuery> }>(
    '/api/runs/:id/logs',
    {
      config: { role: 'reader' },
      schema: {
        summary: "The kept log of each activity run of a run (optionally one activity's)",
        tags: ['logs'],
        security: bearer,
        params: runIdParams,
        querystring: jsonSchema(api.logQuery, 'input'),
        response: { 200: jsonSchema(api.activityLogList), ...errorResponses },
      },
    },
    async (request) => ({ items: await millrace.logs(request.params.id, request.query.activity) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id/logs/stream',
    {
      config: { role: 'reader' },
      schema: {
        summary:
          "Follow a run's log as Server-Sent Events: replays the kept lines, then new ones; `log` events carry {activityName, activityRunId, iteration?, line}; an `end` event closes the stream when the run ends",
        tags: ['logs'],
        security: bearer,
        params: runIdParams,
        produces: ['text/event-stream'],
        response: { 200: { type: 'string' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const runId = request.params.id;
      if (!(await millrace.getRun(runId))) throw apiError('run/unknown-run', `no run with id ${runId}`);
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let id = 0;
      let closed = false;
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      let stop: () => void = () => undefined;
      const finish = (event: string): void => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        ctx.streams.delete(shutdown);
        stop();
        raw.end(event);
      };
      const shutdown = (): void => finish('event: end\ndata: {"reason":"server-shutdown"}\n\n');
      ctx.streams.add(shutdown);
      request.raw.on('close', () => finish(''));
      const send = (line: ApiLogLine): void => {
        if (!closed) raw.write(`event: log\nid: ${++id}\ndata: ${JSON.stringify(line)}\n\n`);
      };
      try {
        stop = await millrace.followLogs(runId, send, () =>
          finish('event: end\ndata: {"reason":"run-ended"}\n\n'),
        );
        if (closed) stop();
      } catch (err) {
        ctx.logError(err, `log stream of run ${runId} failed`);
        finish('event: error\ndata: {"code":"api/internal","message":"log stream failed"}\n\n');
      }
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ApiRunChange, ApiWhoami } from '../api-types.js';
import * as api from '../api-schemas.js';
import { jsonSchema } from '../json-schema.js';
import type { RouteContext } from '../route-context.js';
import { createRunWatcher, RUN_WATCH_MS } from '../run-watcher.js';
import { bearer, errorResponses } from '../schemas.js';
import type { RunEvent, RunStatus } from '../../index.js';

/** A comment line every this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/** The status changes a client follows (log lines have their own stream per run). */
function toChange(e: RunEvent): ApiRunChange | undefined {
  switch (e.kind) {
    case 'run-created':
      return { kind: e.kind, runId: e.run.runId, pipeline: e.run.pipeline, status: e.run.status };
    case 'run-started':
      return { kind: e.kind, runId: e.runId, status: 'InProgress' };
    case 'run-finished':
      return { kind: e.kind, runId: e.runId, status: e.status };
    case 'activity-started':
      return {
        kind: e.kind,
        runId: e.activityRun.runId,
        pipeline: e.pipeline,
        status: e.activityRun.status,
        activityName: e.activityRun.activityName,
      };
    case 'activity-finished':
      return { kind: e.kind, runId: e.runId, status: e.status, activityName: e.activityName };
    default:
      return undefined;
  }
}

/** Who the token is (`/api/whoami`) and the live stream of run status changes (`/api/events`). */
export function registerSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { millrace } = ctx.services;
  // Runs of other processes on the same store (a CLI `millrace run`) reach clients too: see run-watcher.ts.
  const watcher = createRunWatcher(
    {
      listRuns: (q) => millrace.listRuns(q),
      runStatus: async (runId) => (await millrace.getRun(runId))?.status as RunStatus | undefined,
      subscribe: (listener) =>
        millrace.subscribe((e) => {
          const change = toChange(e);
          if (change) listener(change);
        }),
    },
    RUN_WATCH_MS,
    (err) => ctx.logError(err, 'reading runs for /api/events'),
  );
  app.get(
    '/api/whoami',
    {
      config: { role: 'reader' },
      schema: {
        summary: "The token's name and role",
        tags: ['security'],
        security: bearer,
        response: { 200: jsonSchema(api.whoami), ...errorResponses },
      },
    },
    (request): ApiWhoami => ({
      name: request.principal?.name ?? '',
      role: request.principal?.role ?? 'reader',
    }),
  );
  app.get(
    '/api/events',
    {
      config: { role: 'reader' },
      schema: {
        summary:
          "Follow status changes of runs as Server-Sent Events (this server's at once, other processes' within about a second): `run` events carry {kind, runId, pipeline?, status?, activityName?}",
        tags: ['runs'],
        security: bearer,
        produces: ['text/event-stream'],
        response: { 200: { type: 'string' }, ...errorResponses },
      },
    },
    (request, reply) => {
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(': connected\n\n');
      let id = 0;
      let closed = false;
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const unsubscribe = watcher.subscribe((change) => {
        if (!closed) raw.write(`event: run\nid: ${++id}\ndata: ${JSON.stringify(change)}\n\n`);
      });
      const finish = (event: string): void => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        ctx.streams.delete(shutdown);
        raw.end(event);
      };
      const shutdown = (): void => finish('event: end\ndata: {"reason":"server-shutdown"}\n\n');
      ctx.streams.add(shutdown);
      request.raw.on('close', () => finish(''));
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { resolveConfig } from '../config/index.js';
import type { SchedulerEvent } from '../index.js';
import {
  createMillrace,
  describeFactory,
  keepTakingOver,
  loadProject,
  openAccess,
  openMlflow,
  openModels,
  openRunStore,
  openServing,
  openTriggers,
} from '../index.js';
import { buildServer } from './build-server.js';
import { registerServingRoutes } from './serving-routes.js';
import type { RunningServer, ServerOptions } from './server-options.js';

/** Logs what the hosted scheduler does through the server's logger (silent without `--log`). */
function logSchedulerEvent(app: FastifyInstance, e: SchedulerEvent): void {
  if (e.kind === 'error') app.log.error({ err: e.error, trigger: e.trigger }, 'trigger scheduler error');
  else if (e.kind === 'leader') {
    app.log.info(
      { reason: e.reason },
      e.elected ? 'trigger scheduler: elected leader' : 'trigger scheduler: lost leadership',
    );
  } else if (e.kind === 'takeover') {
    const { runId, pipeline, from, reason } = e.outcome;
    app.log.warn(
      { runId, pipeline, from, reason },
      e.outcome.kind === 'resumed'
        ? 'run of a dead server taken over and resumed'
        : 'run of a dead server ended interrupted',
    );
  } else if (e.kind !== 'heartbeat') {
    const { trigger, key, runId, status } = e.run;
    app.log.info({ trigger, key, runId, status }, `trigger run ${e.kind}`);
  }
}

/** Runs `steps` in order, each even when an earlier one failed; rethrows the first failure. */
async function closeAll(steps: readonly (() => Promise<void>)[]): Promise<void> {
  let first: Error | undefined;
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      first ??= err instanceof Error ? err : new Error(String(err));
    }
  }
  if (first !== undefined) throw first;
}

/**
 * Starts the REST server of a project (`millrace server`): resolves the project's config and loads its factory
 * once, opens the library's services over them (one run store shared by the run service and the trigger
 * scheduler, the token store, MLflow tracking and the registries, the environment's served models), listens (127.0.0.1:8080 unless told
 * otherwise), then runs the trigger scheduler (unless `scheduler: false`).
 *
 * @example
 * const server = await startServer({ projectDir: '.', port: 0 });
 * console.log(server.url);
 * await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = await resolveConfig({
    projectDir: options.projectDir ?? '.',
    ...(options.db === undefined ? {} : { db: options.db }),
    ...(options.execution === undefined ? {} : { execution: options.execution }),
  });
  const project = await loadProject(config);
  const env = options.environment === undefined ? {} : { environment: options.environment };
  // Closers of what is open, last opened first.
  const opened: (() => Promise<void>)[] = [];
  const stop = new AbortController();
  let serving: Promise<void> | undefined;
  // The scheduler reports to the server's logger, which exists once the server is built.
  let onSchedulerEvent = (_e: SchedulerEvent): void => undefined;
  const open = async () => {
    // One run store per process: the run service and the hosted scheduler share it (and its recovery on open).
    // On the embedded store this server resumes the runs its crashed predecessor left (below).
    const store = await openRunStore(config, { takeOver: config.database.kind !== 'postgres' });
    opened.unshift(() => store.close());
    const millrace = await createMillrace({
      project,
      store,
      ...env,
      ...(options.executors ? { executors: options.executors } : {}),
      ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
    });
    opened[0] = () => millrace.close(); // closes the store too
    const triggers = await openTriggers(
      {
        project,
        ...env,
        ...(options.schedulerPollMs === undefined ? {} : { pollMs: options.schedulerPollMs }),
        onEvent: (e) => onSchedulerEvent(e),
      },
      { millrace, store },
    );
    opened.unshift(() => triggers.close());
    const access = await openAccess({ config });
    opened.unshift(() => access.close());
    const mlflow = await openMlflow({ config, ...env });
    opened.unshift(() => mlflow.close());
    const models = await openModels({ config });
    opened.unshift(() => models.close());
    const server = await buildServer(
      {
        config,
        project,
        description: describeFactory(project.factory),
        environment: options.environment,
        millrace,
        triggers,
        schedulerRunning: () => serving !== undefined && !stop.signal.aborted,
        access,
        mlflow,
        models,
      },
      {
        ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        ...(options.version === undefined ? {} : { version: options.version }),
        ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
      },
    );
    opened.unshift(() => server.close());
    // The environment's served models (its `serving` section) under /serving/, registered once before listen
    // and closed after the server (which answers its in-flight requests first).
    const modelServing = await openServing({
      config,
      ...env,
      mlflow,
      ...(options.servingPollMs === undefined ? {} : { pollMs: options.servingPollMs }),
      onLog: (line) => server.log.info(line),
    });
    opened.splice(1, 0, () => modelServing.close());
    await registerServingRoutes(server, modelServing);
    await server.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    return { server, triggers, access, millrace };
  };
  let parts: Awaited<ReturnType<typeof open>>;
  try {
    parts = await open();
  } catch (err) {
    await closeAll(opened).catch(() => undefined);
    throw err;
  }
  const { server, triggers, access, millrace } = parts;
  // On a shared PostgreSQL database a stopping server hands its runs to the others (the leader resumes them):
  // a rolling restart ends no run. Alone on SQLite it cancels them, as nobody could take them over.
  const handOver = config.database.kind === 'postgres';
  onSchedulerEvent = (e) => logSchedulerEvent(server, e);
  if (options.scheduler ?? true) {
    // Started once the server listens; stopped first on close, so nothing fires into a closing server.
    serving = triggers
      .serve(stop.signal, { cancelRunsOnStop: !handOver })
      .catch((err: unknown) => server.log.error({ err }, 'trigger scheduler stopped'));
  }
  // On the embedded store no leader is elected: this server is the one process that resumes the runs a crashed
  // one (its previous start, a killed `millrace run`) left, as the leader does on PostgreSQL.
  const takingOver = handOver
    ? undefined
    : keepTakingOver(millrace, stop.signal, (outcome) =>
        logSchedulerEvent(server, { kind: 'takeover', at: Date.now(), outcome }),
      );
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8080);
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    tokenCount: async () => (await access.listTokens()).length,
    inject: (request) => server.inject(request),
    close: () =>
      (closing ??= (async () => {
        stop.abort();
        await serving;
        await takingOver;
        if (handOver) {
          const ids = await millrace.handOverRuns();
          if (ids.length > 0)
            server.log.info({ runs: ids }, `handed ${ids.length} run(s) over to the other servers`);
        }
        await closeAll(opened);
      })()),
  };
}

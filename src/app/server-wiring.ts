import { join } from 'node:path';
import type { ApiJson, ServerBackend } from '../server/index.js';
import { buildServer } from '../server/index.js';
import type { FastifyInstance } from 'fastify';
import { resolveProject } from '../config/index.js';
import { openSqliteRunStore } from '../store/index.js';
import type { SchedulerEvent } from '../triggers/index.js';
import type { Factory } from '../model/index.js';
import { openAccess } from './access-admin.js';
import type { AccessAdmin } from './access-admin.js';
import { describeFactory } from './describe-factory.js';
import { approveProjectDeployment, deployProject, deploymentHistory } from './deploy-service.js';
import { openMlflow } from './ml-wiring.js';
import { mountServing } from './model-serving-service.js';
import type { OpenMlflow } from './ml-wiring.js';
import { openModels } from './models-admin.js';
import type { ModelsAdmin } from './models-admin.js';
import { loadProject } from './project.js';
import { createMillrace } from './run-service.js';
import type { Millrace } from './run-service.js';
import { openSecrets } from './secrets-admin.js';
import type { RunningServer, ServerOptions } from './server-options.js';
import { triggerBackend } from './server-triggers.js';
import { openTriggers } from './trigger-service.js';
import { SECURE_MASK } from '../engine/index.js';

/** The pipeline resource as JSON, with default values of SecureString parameters masked. */
function pipelineResource(factory: Factory, name: string): ApiJson | undefined {
  const p =
    factory.pipelines.get(name) ??
    [...factory.pipelines.values()].find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!p) return undefined;
  const parameters = Object.fromEntries(
    Object.entries(p.properties.parameters).map(([k, spec]) => [
      k,
      String(spec.type).toLowerCase() === 'securestring' && 'defaultValue' in spec
        ? { ...spec, defaultValue: SECURE_MASK }
        : spec,
    ]),
  );
  return JSON.parse(JSON.stringify({ name: p.name, properties: { ...p.properties, parameters } })) as ApiJson;
}

/** Wires the library into the server's backend port. */
function createBackend(
  millrace: Millrace,
  factory: Factory,
  access: AccessAdmin,
  triggers: ServerBackend['triggers'],
  options: ServerOptions,
  ml: { readonly mlflow: OpenMlflow; readonly models: ModelsAdmin },
): ServerBackend {
  const described = describeFactory(factory);
  const projectDir = options.projectDir ?? '.';
  return {
    pipelines: () => described.pipelines,
    pipeline(name) {
      const resource = pipelineResource(factory, name);
      const summary = described.pipelines.find((p) => p.name.toLowerCase() === name.toLowerCase());
      return resource === undefined || !summary ? undefined : { ...summary, resource };
    },
    datasets: () => described.datasets,
    linkedServices: () => described.linkedServices,
    triggers,
    startRun: (pipeline, parameters) => millrace.startRun(pipeline, { parameters }),
    startRerun: (runId, o) =>
      millrace.startRerun(runId, { fromFailed: o.fromFailed, parameters: o.parameters }),
    getRun: (runId) => millrace.getRun(runId) as ReturnType<ServerBackend['getRun']>,
    listRuns: (q) => millrace.listRuns(q as Parameters<Millrace['listRuns']>[0]),
    cancelRun: (runId) => millrace.cancelRun(runId),
    logs: (runId, activity) => millrace.logs(runId, activity),
    followLogs: (runId, onLine, onEnd) => millrace.followLogs(runId, onLine, onEnd),
    subscribe: (listener) => millrace.subscribe(listener),
    secrets: {
      list: async (environment) => (await openSecrets({ projectDir, environment })).list(),
      set: async (environment, name, value) =>
        (await openSecrets({ projectDir, environment })).set(name, value),
    },
    deployments: {
      deploy: (r) =>
        deployProject({
          projectDir,
          environment: r.environment,
          actor: r.actor,
          ...(r.bundleText === undefined ? {} : { bundleText: r.bundleText }),
          rollback: r.rollback,
          whatIf: r.whatIf,
          yes: r.yes,
          ...(r.request === true ? { request: true } : {}),
        }),
      approve: (r) => approveProjectDeployment({ projectDir, ...r }),
      history: (environment) => deploymentHistory({ projectDir, environment }),
    },
    access,
    mlflow: ml.mlflow,
    models: ml.models,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
  };
}

/** Logs what the hosted scheduler does through the server's logger (silent without `--log`). */
function logSchedulerEvent(app: FastifyInstance, e: SchedulerEvent): void {
  if (e.kind === 'error') app.log.error({ err: e.error, trigger: e.trigger }, 'trigger scheduler error');
  else if (e.kind !== 'heartbeat') {
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

/** Starts the server (see `startServer` in server.ts). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const projectDir = options.projectDir ?? '.';
  const project = await resolveProject(projectDir);
  const loaded = await loadProject(projectDir);
  const env = options.environment === undefined ? {} : { environment: options.environment };
  // Closers of what is open, last opened first.
  const opened: (() => Promise<void>)[] = [];
  const stop = new AbortController();
  let serving: Promise<void> | undefined;
  // The scheduler reports to the server's logger, which exists once the server is built.
  let onSchedulerEvent = (_e: SchedulerEvent): void => undefined;
  const open = async () => {
    // One run store per process: the run service and the hosted scheduler share it (and its recovery on open).
    const store = await openSqliteRunStore({ path: join(project.root, '.millrace', 'state.db') });
    opened.unshift(() => store.close());
    const millrace = await createMillrace({
      projectDir,
      store,
      ...env,
      ...(options.executors ? { executors: options.executors } : {}),
      ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
    });
    opened[0] = () => millrace.close(); // closes the store too
    const triggers = await openTriggers(
      {
        projectDir,
        ...env,
        ...(options.schedulerPollMs === undefined ? {} : { pollMs: options.schedulerPollMs }),
        onEvent: (e) => onSchedulerEvent(e),
      },
      { millrace, store },
    );
    opened.unshift(() => triggers.close());
    const access = await openAccess({ projectDir });
    opened.unshift(() => access.close());
    const mlflow = await openMlflow(project.root, options.environment);
    opened.unshift(() => mlflow.close());
    const models = await openModels({ projectDir });
    opened.unshift(() => models.close());
    const running = () => serving !== undefined && !stop.signal.aborted;
    const backend = createBackend(
      millrace,
      loaded.factory,
      access,
      triggerBackend(triggers, running),
      options,
      { mlflow, models },
    );
    const server = await buildServer(backend, {
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.version === undefined ? {} : { version: options.version }),
    });
    // Model serving (issue 18): the environment's served models under /serving/, closed after the server.
    const serving = await mountServing(server, {
      projectDir,
      environment: options.environment,
      ml: mlflow,
      ...(options.servingPollMs === undefined ? {} : { pollMs: options.servingPollMs }),
      onLog: (line) => server.log.info(line),
    });
    opened.unshift(() => serving.close());
    opened.unshift(() => server.close());
    await server.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    return { server, triggers, access };
  };
  let parts: Awaited<ReturnType<typeof open>>;
  try {
    parts = await open();
  } catch (err) {
    await closeAll(opened).catch(() => undefined);
    throw err;
  }
  const { server, triggers, access } = parts;
  onSchedulerEvent = (e) => logSchedulerEvent(server, e);
  if (options.scheduler ?? true) {
    // Started once the server listens; stopped first on close, so nothing fires into a closing server.
    serving = triggers
      .serve(stop.signal, { cancelRunsOnStop: true })
      .catch((err: unknown) => server.log.error({ err }, 'trigger scheduler stopped'));
  }
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
        await closeAll(opened);
      })()),
  };
}

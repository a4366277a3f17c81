import type { ApiJson, ServerBackend } from '../server/index.js';
import { buildServer } from '../server/index.js';
import type { FastifyInstance } from 'fastify';
import type { Factory } from '../model/index.js';
import { openAccess } from './access-admin.js';
import type { AccessAdmin } from './access-admin.js';
import { describeFactory } from './describe-factory.js';
import { loadProject } from './project.js';
import { createMillrace } from './run-service.js';
import type { Millrace } from './run-service.js';
import { openSecrets } from './secrets-admin.js';
import type { RunningServer, ServerOptions } from './server.js';
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
  options: ServerOptions,
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
    triggers: () => described.triggers,
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
    access,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
  };
}

/** Starts the server (see `startServer` in server.ts). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const projectDir = options.projectDir ?? '.';
  const loaded = await loadProject(projectDir);
  const millrace = await createMillrace({
    projectDir,
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(options.executors ? { executors: options.executors } : {}),
    ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
  });
  const access = await openAccess({ projectDir });
  let app: FastifyInstance;
  try {
    app = await buildServer(createBackend(millrace, loaded.factory, access, options), {
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.version === undefined ? {} : { version: options.version }),
    });
    await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  } catch (err) {
    await millrace.close();
    await access.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8080);
  const host = options.host ?? '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    tokenCount: async () => (await access.listTokens()).length,
    inject: (request) => app.inject(request),
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await millrace.close();
        await access.close();
      })()),
  };
}

import type { FastifyInstance } from 'fastify';
import type { ResolvedEnvironment } from '../config/index.js';
import { resolveEnvironment, resolveProject } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import { buildScoringServer, registerServingRoutes } from '../server/index.js';
import type { ServingBackend } from '../server/index.js';
import { ModelServing } from '../serving/index.js';
import { environmentPython } from './environment-wiring.js';
import { DEFAULT_ML_ENVIRONMENT, openMlflow } from './ml-wiring.js';
import type { OpenMlflow } from './ml-wiring.js';
import { recordServingUrl } from './serving-state.js';
import { createRegistryEndpoint, environmentServing, servingPython } from './serving-wiring.js';
import type { RunningScoringServer, ServeModelOptions } from './serve-model-options.js';

/** The library's serving as the server's port. */
export function servingBackend(serving: ModelServing): ServingBackend {
  return {
    score: (env, model, request) => serving.score(env, model, request),
    list: () => serving.list(),
    metrics: () => serving.metrics(),
  };
}

/** `name@alias` → its parts (alias default `champion`); `serving/invalid-model-reference` otherwise. */
export function parseModelReference(ref: string): { readonly name: string; readonly alias: string } {
  const m = /^([^@\s/]+)(?:@([^@\s/]+))?$/.exec(ref.replace(/^models:\//, ''));
  if (!m?.[1])
    throw new ConfigError({
      code: 'serving/invalid-model-reference',
      message: `${ref}: expected <model>@<alias>, e.g. price@champion`,
    });
  return { name: m[1], alias: m[2] ?? 'champion' };
}

/** Starts `millrace models serve`: loads the alias's version, listens, follows the alias. */
export async function serveModel(o: ServeModelOptions): Promise<RunningScoringServer> {
  const project = await resolveProject(o.projectDir ?? '.');
  const ref = parseModelReference(o.model);
  const environment =
    o.environment === undefined ? undefined : await resolveEnvironment(project, o.environment);
  const env = environment?.name ?? DEFAULT_ML_ENVIRONMENT;
  const ml = await openMlflow(project.root, env);
  const serving = new ModelServing();
  const where: { url?: string } = {};
  let app: FastifyInstance | undefined;
  try {
    const endpoint = createRegistryEndpoint({
      projectRoot: project.root,
      registry: ml.registry,
      env,
      model: ref.name,
      alias: ref.alias,
      python: o.python ?? servingPython(project, environmentPython(environment)),
      url: () => where.url,
      ...(o.workers === undefined ? {} : { workers: o.workers }),
      ...(o.timeoutSeconds === undefined ? {} : { timeoutMs: o.timeoutSeconds * 1000 }),
      ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
      ...(o.maxBatch === undefined ? {} : { maxBatch: o.maxBatch }),
      ...(o.onLog ? { onLog: o.onLog } : {}),
    });
    serving.add(endpoint);
    await endpoint.start();
    app = await buildScoringServer(
      servingBackend(serving),
      { env, model: ref.name },
      o.bodyLimit === undefined ? {} : { bodyLimit: o.bodyLimit },
    );
    await app.listen({ port: o.port ?? 5000, host: o.host ?? '127.0.0.1' });
  } catch (err) {
    await app?.close();
    await serving.close();
    await ml.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? 5000);
  const host = o.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  where.url = url;
  recordServingUrl(project.root, env, ref.name, url);
  const server = app;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    env,
    status: () => serving.list()[0]!,
    refresh: () => serving.get(env, ref.name)?.refresh() ?? Promise.resolve(),
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await serving.close();
        await ml.close();
      })()),
  };
}

/** The served models of `millrace server --env <e>` (the environment's `serving`), mounted on its app. */
export interface ServerServing {
  close(): Promise<void>;
}

/**
 * Starts the endpoints an environment's `serving` lists and mounts `/serving/…` on the server's app. An alias
 * not set yet, or a version that fails to load, does not stop the server: the endpoint answers 503 and loads
 * the alias's version once it appears.
 */
export async function mountServing(
  app: FastifyInstance,
  o: {
    readonly projectDir: string;
    readonly environment: string | undefined;
    readonly ml: OpenMlflow;
    readonly pollMs?: number;
    readonly onLog: (line: string) => void;
  },
): Promise<ServerServing> {
  const project = await resolveProject(o.projectDir);
  const projectRoot = project.root;
  const environment: ResolvedEnvironment | undefined =
    o.environment === undefined ? undefined : await resolveEnvironment(project, o.environment);
  const specs = environmentServing(environment);
  const serving = new ModelServing();
  const env = environment?.name ?? DEFAULT_ML_ENVIRONMENT;
  const onLog = o.onLog;
  for (const [model, spec] of Object.entries(specs)) {
    const endpoint = createRegistryEndpoint({
      projectRoot,
      registry: o.ml.registry,
      env,
      model,
      alias: spec.alias,
      python: servingPython(project, environmentPython(environment)),
      ...(spec.workers === undefined ? {} : { workers: spec.workers }),
      ...(spec.timeoutSeconds === undefined ? {} : { timeoutMs: spec.timeoutSeconds * 1000 }),
      ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
      onLog,
    });
    serving.add(endpoint);
  }
  await Promise.all(
    serving
      .list()
      .map((s) => serving.get(s.env, s.model)?.start({ waitForAlias: true }) ?? Promise.resolve()),
  );
  await registerServingRoutes(app, servingBackend(serving));
  return { close: () => serving.close() };
}

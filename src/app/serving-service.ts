import type { ProjectOptions, ResolvedConfig } from '../config/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import type { EndpointStatus, ScoringReply, ScoringRequest } from '../serving/index.js';
import { ModelServing } from '../serving/index.js';
import { openArtifactStore } from './artifact-store-wiring.js';
import { environmentPython } from './environment-wiring.js';
import { DEFAULT_ML_ENVIRONMENT, openMlflow } from './ml-wiring.js';
import type { OpenMlflow } from './ml-wiring.js';
import type { ServingState } from './serving-state.js';
import { recordServingUrl, servingState } from './serving-state.js';
import { createRegistryEndpoint, environmentServing, servingPython } from './serving-wiring.js';

/**
 * Served models of a process, without HTTP: MLflow's scoring protocol as calls. The server mounts it under
 * `/serving/<env>/<model>/…`; `millrace models serve` puts its own scoring server in front of it.
 */
export interface ServingService {
  /** Scores an MLflow `/invocations` request; an unknown endpoint is MLflow's 404 reply, never a throw. */
  score(env: string, model: string, request: ScoringRequest): Promise<ScoringReply>;
  /** What serves which version. */
  list(): EndpointStatus[];
  /** Prometheus text of the served models. */
  metrics(): string;
  /** Stops every endpoint (answering queued and in-flight requests first). */
  close(): Promise<void>;
}

/** Options of `openServing`: the environment whose `serving` section lists the models, and its registry. */
export interface OpenServingOptions {
  readonly config: ResolvedConfig;
  /** Environment name; absent: the default registry (and no `serving` section, so nothing is served). */
  readonly environment?: string;
  /** The environment's registry and artifact store (`openMlflow`), owned by the caller. */
  readonly mlflow: OpenMlflow;
  /** How often aliases are checked in the registry (ms); default 2000. */
  readonly pollMs?: number;
  readonly onLog?: (line: string) => void;
}

function asService(serving: ModelServing, close: () => Promise<void>): ServingService {
  return {
    score: (env, model, request) => serving.score(env, model, request),
    list: () => serving.list(),
    metrics: () => serving.metrics(),
    close,
  };
}

/**
 * Starts the endpoints an environment's `serving` lists (`millrace server --env <e>`). An alias not set yet,
 * or a version that fails to load, does not fail the call: the endpoint answers 503 and loads the alias's
 * version once it appears.
 */
export async function openServing(o: OpenServingOptions): Promise<ServingService> {
  const environment =
    o.environment === undefined ? undefined : await resolveEnvironment(o.config.project, o.environment);
  const env = environment?.name ?? DEFAULT_ML_ENVIRONMENT;
  const python = servingPython(o.config, environmentPython(environment));
  const serving = new ModelServing();
  for (const [model, spec] of Object.entries(environmentServing(environment)))
    serving.add(
      createRegistryEndpoint({
        config: o.config,
        registry: o.mlflow.registry,
        artifacts: o.mlflow.artifacts,
        env,
        model,
        alias: spec.alias,
        python,
        ...(spec.workers === undefined ? {} : { workers: spec.workers }),
        ...(spec.timeoutSeconds === undefined ? {} : { timeoutMs: spec.timeoutSeconds * 1000 }),
        ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
        ...(o.onLog ? { onLog: o.onLog } : {}),
      }),
    );
  try {
    await Promise.all(
      serving
        .list()
        .map((s) => serving.get(s.env, s.model)?.start({ waitForAlias: true }) ?? Promise.resolve()),
    );
  } catch (err) {
    await serving.close();
    throw err;
  }
  return asService(serving, () => serving.close());
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

/** Options of `openModelServing` (`millrace models serve`). */
export interface OpenModelServingOptions extends ProjectOptions {
  /** `<name>@<alias>` (alias default `champion`); `models:/` prefix allowed. */
  readonly model: string;
  /** Environment whose registry holds the alias; default the default registry. */
  readonly environment?: string;
  /** Python worker processes; default the machine's cores, at most 4. */
  readonly workers?: number;
  /** Request timeout in seconds; default 60 (MLflow's). */
  readonly timeoutSeconds?: number;
  /** How often the alias is checked in the registry (ms); default 2000. */
  readonly pollMs?: number;
  /** Most requests per predict call; default 32. */
  readonly maxBatch?: number;
  /** Base interpreter of the model's environment; default the environment's or project's `python`, else `python3`. */
  readonly python?: string;
  /** Worker logs and environment build progress. */
  readonly onLog?: (line: string) => void;
}

/** One served model (`openModelServing`), following its alias. */
export interface ServedModel extends ServingService {
  /** The registry environment served. */
  readonly env: string;
  readonly model: string;
  readonly alias: string;
  status(): EndpointStatus;
  /** Checks the alias now (instead of at the next poll) and swaps when it moved. */
  refresh(): Promise<void>;
  /** Records where the model is reachable (shown by `millrace models serving`). */
  listening(url: string): void;
}

/**
 * Loads the version an alias points to into a pool of Python workers and follows the alias: when it moves,
 * the new version is swapped in without failing a request. Fails with `serving/alias-not-set` when the alias
 * is not set. Python starts on this call; HTTP is the caller's (`millrace/server`'s `serveModel`).
 */
export async function openModelServing(o: OpenModelServingOptions): Promise<ServedModel> {
  const config = await configOf(o);
  const ref = parseModelReference(o.model);
  const environment =
    o.environment === undefined ? undefined : await resolveEnvironment(config.project, o.environment);
  const env = environment?.name ?? DEFAULT_ML_ENVIRONMENT;
  const ml = await openMlflow(config, env, await openArtifactStore(config.project, environment));
  const serving = new ModelServing();
  const where: { url?: string } = {};
  try {
    const endpoint = createRegistryEndpoint({
      config,
      registry: ml.registry,
      artifacts: ml.artifacts,
      env,
      model: ref.name,
      alias: ref.alias,
      python: o.python ?? servingPython(config, environmentPython(environment)),
      url: () => where.url,
      ...(o.workers === undefined ? {} : { workers: o.workers }),
      ...(o.timeoutSeconds === undefined ? {} : { timeoutMs: o.timeoutSeconds * 1000 }),
      ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
      ...(o.maxBatch === undefined ? {} : { maxBatch: o.maxBatch }),
      ...(o.onLog ? { onLog: o.onLog } : {}),
    });
    serving.add(endpoint);
    await endpoint.start();
  } catch (err) {
    await serving.close();
    await ml.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  const service = asService(
    serving,
    () =>
      (closing ??= (async () => {
        await serving.close();
        await ml.close();
      })()),
  );
  return {
    ...service,
    env,
    model: ref.name,
    alias: ref.alias,
    status: () => serving.list()[0]!,
    refresh: () => serving.get(env, ref.name)?.refresh() ?? Promise.resolve(),
    listening(url) {
      where.url = url;
      recordServingUrl(config.stateDir, env, ref.name, url);
    },
  };
}

/** Options of `servingStatus`. */
export interface ServingStatusOptions extends ProjectOptions {
  /** Environment (default: the default registry). */
  readonly environment?: string;
}

/** What serves in an environment (`millrace models serving --env <e>`): versions, since when, history. */
export async function servingStatus(o: ServingStatusOptions = {}): Promise<ServingState> {
  const config = await configOf(o);
  return servingState(config.stateDir, o.environment ?? DEFAULT_ML_ENVIRONMENT);
}

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedEnvironment, ResolvedProject, ServingSpec } from '../config/index.js';
import { pythonCacheDir } from '../config/index.js';
import type { ModelRegistryStore, PythonEnvironments } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';
import { proxiedArtifactPath } from '../ml/index.js';
import { createPythonEnvironments } from '../python/index.js';
import type { ModelSource } from '../serving/index.js';
import { ModelEndpoint } from '../serving/index.js';
import { mlArtifactRoot } from './ml-wiring.js';
import { recordServing } from './serving-state.js';

/** Default worker count: the machine's cores, at most 4. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** The `serving` entries of an environment's parameters files (later files win, per model). */
export function environmentServing(
  environment: ResolvedEnvironment | undefined,
): Record<string, ServingSpec> {
  const out: Record<string, ServingSpec> = {};
  for (const layer of environment?.layers ?? [])
    if (layer.format === 'millrace') Object.assign(out, layer.spec.serving ?? {});
  return out;
}

/** The local folder of a model version's artifacts (the artifact proxy's folder, or a local path/file URI). */
export function modelFolder(projectRoot: string, storageLocation: string): string {
  const proxied = proxiedArtifactPath(storageLocation);
  if (proxied !== undefined) return join(mlArtifactRoot(projectRoot), ...proxied.split('/'));
  if (storageLocation.startsWith('file://')) return fileURLToPath(storageLocation);
  if (isAbsolute(storageLocation)) return storageLocation;
  throw new MillraceError({
    code: 'serving/unsupported-model-location',
    message: `cannot serve from ${storageLocation}: only the project's artifact store and local folders are supported`,
  });
}

/** The requirement lines of a model's `requirements.txt` (comments, options and blank lines dropped). */
export function modelRequirements(modelDir: string): string[] {
  const file = join(modelDir, 'requirements.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('-'));
}

/** What a source needs. */
export interface RegistrySourceOptions {
  readonly projectRoot: string;
  readonly registry: ModelRegistryStore;
  readonly env: string;
  readonly model: string;
  readonly alias: string;
  /** Base interpreter the model's environment is layered on. */
  readonly python: string;
  readonly environments?: PythonEnvironments;
  readonly onLog?: (line: string) => void;
}

/**
 * A registry alias as a model source: the alias's version, its artifacts in the project's artifact store, and a
 * cached Python environment built from the model's own `requirements.txt` (layered on `python`).
 */
export function registrySource(o: RegistrySourceOptions): ModelSource {
  const environments =
    o.environments ??
    createPythonEnvironments({
      cacheDir: pythonCacheDir(),
      projectDir: o.projectRoot,
      dbfs: { root: join(o.projectRoot, '.millrace', 'dbfs'), mounts: {} },
    });
  return {
    async currentVersion() {
      const m = await o.registry.getRegisteredModel(o.env, o.model);
      return m?.aliases.find((a) => a.alias === o.alias)?.version;
    },
    async prepare(version) {
      const v = await o.registry.getModelVersion(o.env, o.model, version);
      if (!v)
        throw new MillraceError({
          code: 'ml/unknown-model-version',
          message: `model ${o.model} has no version ${version} in environment ${o.env}`,
        });
      const modelDir = modelFolder(o.projectRoot, v.storage_location || v.source);
      if (!existsSync(join(modelDir, 'MLmodel')))
        throw new MillraceError({
          code: 'serving/model-not-found',
          message: `model ${o.model} v${version}: no MLmodel file in ${modelDir}`,
        });
      const requirements = modelRequirements(modelDir);
      const env = await environments.resolve({
        interpreter: o.python,
        libraries: requirements.map((r) => ({ pypi: { package: r } })),
        what: `model ${o.model} v${version}`,
        ...(o.onLog ? { onProgress: o.onLog } : {}),
      });
      return { modelDir, python: env.interpreter };
    },
  };
}

/** Settings of one served model. */
export interface EndpointSettings {
  readonly projectRoot: string;
  readonly registry: ModelRegistryStore;
  readonly env: string;
  readonly model: string;
  readonly alias: string;
  readonly python: string;
  readonly workers?: number;
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly maxBatch?: number;
  /** Where the endpoint is reachable (recorded for `models serving`), once known. */
  readonly url?: () => string | undefined;
  readonly onLog?: (line: string) => void;
}

/** An endpoint over the registry alias, recording every version it starts serving in `.millrace/serving/`. */
export function createRegistryEndpoint(s: EndpointSettings): ModelEndpoint {
  const workers = s.workers ?? defaultWorkers();
  return new ModelEndpoint({
    env: s.env,
    model: s.model,
    alias: s.alias,
    workers,
    source: registrySource({ ...s }),
    ...(s.timeoutMs === undefined ? {} : { timeoutMs: s.timeoutMs }),
    ...(s.pollMs === undefined ? {} : { pollMs: s.pollMs }),
    ...(s.maxBatch === undefined ? {} : { maxBatch: s.maxBatch }),
    ...(s.onLog ? { onLog: s.onLog } : {}),
    onServe: (e) =>
      recordServing(s.projectRoot, {
        env: s.env,
        model: s.model,
        alias: s.alias,
        version: e.version,
        since: e.since,
        workers,
        pid: process.pid,
        ...(e.previous === undefined ? {} : { previous: e.previous }),
        ...(s.url?.() === undefined ? {} : { url: s.url() }),
      }),
  });
}

/** The base interpreter of served models: the environment's `python`, else the project's, else `python3`. */
export function servingPython(project: ResolvedProject, environmentPython: string | undefined): string {
  return environmentPython ?? project.config?.python ?? 'python3';
}

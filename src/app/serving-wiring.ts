import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig, ResolvedEnvironment, ServingSpec } from '../config/index.js';
import type { ModelRegistryStore, PythonEnvironments } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';
import type { ArtifactStore } from '../ml/index.js';
import { ArtifactFolder, copyArtifacts, proxiedArtifactPath } from '../ml/index.js';
import { createPythonEnvironments } from '../python/index.js';
import type { ModelSource } from '../serving/index.js';
import { ModelEndpoint } from '../serving/index.js';
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

/** Where a model version's artifacts are: in the artifact store (`mlflow-artifacts:/…`) or a local folder. */
export interface ModelLocation {
  readonly config: ResolvedConfig;
  /** The registry environment's artifact store (the artifact proxy's). */
  readonly artifacts: ArtifactStore;
  readonly env: string;
  readonly model: string;
  readonly version: string;
  /** The version's `storage_location` (or `source`). */
  readonly storageLocation: string;
}

/**
 * The local folder of a model version's artifacts. In a store on this machine (`localPath`), the folder itself;
 * in another store (an environment's Azure Blob container …), a copy downloaded once into
 * `.millrace/serving/models/<env>/<model>/<version>` (into a temp folder, renamed when complete). A local
 * path or `file:` URI is used as it is.
 */
export async function modelFolder(o: ModelLocation): Promise<string> {
  const proxied = proxiedArtifactPath(o.storageLocation);
  if (proxied !== undefined) {
    const local = o.artifacts.localPath?.(proxied);
    if (local !== undefined) return local;
    const target = join(o.config.stateDir, 'serving', 'models', o.env, o.model, o.version);
    if (existsSync(join(target, 'MLmodel'))) return target;
    // Downloaded into `<temp>/model` (the temp folder also holds the store's upload staging), then renamed.
    const temp = `${target}.${process.pid}.tmp`;
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    try {
      await copyArtifacts(o.artifacts, proxied, new ArtifactFolder(temp), 'model');
      await rm(target, { recursive: true, force: true });
      await rename(join(temp, 'model'), target);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    return target;
  }
  if (o.storageLocation.startsWith('file://')) return fileURLToPath(o.storageLocation);
  if (isAbsolute(o.storageLocation)) return o.storageLocation;
  throw new MillraceError({
    code: 'serving/unsupported-model-location',
    message: `cannot serve from ${o.storageLocation}: only the environment's artifact store and local folders are supported`,
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
  readonly config: ResolvedConfig;
  readonly registry: ModelRegistryStore;
  readonly artifacts: ArtifactStore;
  readonly env: string;
  readonly model: string;
  readonly alias: string;
  /** Base interpreter the model's environment is layered on. */
  readonly python: string;
  readonly environments?: PythonEnvironments;
  readonly onLog?: (line: string) => void;
}

/**
 * A registry alias as a model source: the alias's version, its artifacts from the environment's artifact
 * store, and a cached Python environment built from the model's own `requirements.txt` (layered on `python`).
 */
export function registrySource(o: RegistrySourceOptions): ModelSource {
  const environments =
    o.environments ??
    createPythonEnvironments({
      cacheDir: o.config.pythonCacheDir,
      projectDir: o.config.root,
      dbfs: { root: o.config.dbfs.root, mounts: o.config.dbfs.mounts },
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
      const modelDir = await modelFolder({
        config: o.config,
        artifacts: o.artifacts,
        env: o.env,
        model: o.model,
        version,
        storageLocation: v.storage_location || v.source,
      });
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
export interface EndpointSettings extends RegistrySourceOptions {
  readonly workers?: number;
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly maxBatch?: number;
  /** Where the endpoint is reachable (recorded for `models serving`), once known. */
  readonly url?: () => string | undefined;
}

/** An endpoint over the registry alias, recording every version it starts serving in `.millrace/serving/`. */
export function createRegistryEndpoint(s: EndpointSettings): ModelEndpoint {
  const workers = s.workers ?? defaultWorkers();
  return new ModelEndpoint({
    env: s.env,
    model: s.model,
    alias: s.alias,
    workers,
    source: registrySource(s),
    ...(s.timeoutMs === undefined ? {} : { timeoutMs: s.timeoutMs }),
    ...(s.pollMs === undefined ? {} : { pollMs: s.pollMs }),
    ...(s.maxBatch === undefined ? {} : { maxBatch: s.maxBatch }),
    ...(s.onLog ? { onLog: s.onLog } : {}),
    onServe: (e) =>
      recordServing(s.config.stateDir, {
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
export function servingPython(config: ResolvedConfig, environmentPython: string | undefined): string {
  return environmentPython ?? config.python ?? 'python3';
}

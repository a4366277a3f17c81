import type { ProjectOptions, ResolvedConfig } from '../config/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import type { FastifyInstance } from 'fastify';
import type { MlflowHttpOptions, MlflowService } from '../ml/index.js';
import { createMlflowService, registerMlflowHttp } from '../ml/index.js';
import { openProjectModelRegistry, openProjectTrackingStore } from './run-store.js';
import { mlArtifactRoot, openArtifactStore } from './artifact-store-wiring.js';
import type { OpenArtifactStore } from './artifact-store-wiring.js';

export { mlArtifactRoot };

/** The registry name used when no environment is given (`millrace run` / `server` without `--env`). */
export const DEFAULT_ML_ENVIRONMENT = 'default';

/** An open MLflow service over a project's state db and artifact folder. */
export interface OpenMlflow extends MlflowService {
  close(): Promise<void>;
}

/**
 * Opens tracking and the registry in the project's state database (`.millrace/state.db`, or PostgreSQL with `--db`) and the artifact store
 * (`artifacts`, the environment's; default the `.millrace/mlartifacts` folder), serving the registry of
 * `environment` (default `default`). Closing it closes `artifacts` too.
 */
export async function openMlflow(
  config: ResolvedConfig,
  environment?: string,
  artifacts?: OpenArtifactStore,
): Promise<OpenMlflow> {
  const tracking = await openProjectTrackingStore(config);
  const registry = await openProjectModelRegistry(config).catch(async (err: unknown) => {
    await tracking.close();
    throw err;
  });
  try {
    const service = await createMlflowService({
      tracking,
      registry,
      artifactRoot: config.mlArtifactRoot,
      ...(artifacts ? { artifacts: artifacts.store } : {}),
      environment: environment ?? DEFAULT_ML_ENVIRONMENT,
    });
    return {
      ...service,
      async close() {
        await tracking.close();
        await registry.close();
        await artifacts?.close();
      },
    };
  } catch (err) {
    await tracking.close();
    await registry.close();
    await artifacts?.close();
    throw err;
  }
}

/** Options of `openMlflow`: the project, and the environment whose registry to serve (default `default`). */
export interface OpenMlflowOptions extends ProjectOptions {
  readonly environment?: string;
}

/**
 * `openMlflow` for the library API: the project by folder or resolved config, with the environment's artifact
 * store (its `ml.artifactStore`, else the project's artifact folder).
 */
export async function openProjectMlflow(options: OpenMlflowOptions = {}): Promise<OpenMlflow> {
  const config = await configOf(options);
  const environment =
    options.environment === undefined
      ? undefined
      : await resolveEnvironment(config.project, options.environment);
  const artifacts = await openArtifactStore(config.project, environment);
  return openMlflow(config, options.environment, artifacts);
}

/** Mounts the MLflow REST API of `mlflow` on a Fastify app (`registerMlflowHttp`), for the library API. */
export function mountMlflow(
  app: FastifyInstance,
  mlflow: MlflowService,
  options: MlflowHttpOptions,
): Promise<void> {
  registerMlflowHttp(app, mlflow, options);
  return Promise.resolve();
}

import type { ProjectOptions, ResolvedConfig } from '../config/index.js';
import { configOf } from '../config/index.js';
import type { FastifyInstance } from 'fastify';
import type { MlflowHttpOptions, MlflowService } from '../ml/index.js';
import { createMlflowService, registerMlflowHttp } from '../ml/index.js';
import { SqliteModelRegistry, SqliteTrackingStore } from '../store/index.js';

/** The registry name used when no environment is given (`millrace run` / `server` without `--env`). */
export const DEFAULT_ML_ENVIRONMENT = 'default';

/** An open MLflow service over a project's state db and artifact folder. */
export interface OpenMlflow extends MlflowService {
  close(): Promise<void>;
}

/**
 * Opens tracking and the registry in `.millrace/state.db` (the project's state db) and the artifact folder,
 * serving the registry of `environment` (default `default`).
 */
export async function openMlflow(config: ResolvedConfig, environment?: string): Promise<OpenMlflow> {
  const db = config.stateDb;
  const tracking = new SqliteTrackingStore(db);
  const registry = new SqliteModelRegistry(db);
  try {
    const service = await createMlflowService({
      tracking,
      registry,
      artifactRoot: config.mlArtifactRoot,
      environment: environment ?? DEFAULT_ML_ENVIRONMENT,
    });
    return {
      ...service,
      async close() {
        await tracking.close();
        await registry.close();
      },
    };
  } catch (err) {
    await tracking.close();
    await registry.close();
    throw err;
  }
}

/** Options of `openMlflow`: the project, and the environment whose registry to serve (default `default`). */
export interface OpenMlflowOptions extends ProjectOptions {
  readonly environment?: string;
}

/** `openMlflow` for the library API: the project by folder or resolved config. */
export async function openProjectMlflow(options: OpenMlflowOptions = {}): Promise<OpenMlflow> {
  return openMlflow(await configOf(options), options.environment);
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

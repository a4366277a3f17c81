import { join } from 'node:path';
import type { MlflowService } from '../ml/index.js';
import { createMlflowService } from '../ml/index.js';
import { SqliteModelRegistry, SqliteTrackingStore } from '../store/index.js';
import { mlArtifactRoot } from './artifact-store-wiring.js';
import type { OpenArtifactStore } from './artifact-store-wiring.js';

export { mlArtifactRoot };

/** The registry name used when no environment is given (`millrace run` / `server` without `--env`). */
export const DEFAULT_ML_ENVIRONMENT = 'default';

/** An open MLflow service over a project's state db and artifact folder. */
export interface OpenMlflow extends MlflowService {
  close(): Promise<void>;
}

/**
 * Opens tracking and the registry in `.millrace/state.db` (the project's state db) and the artifact store
 * (`artifacts`, the environment's; default the `.millrace/mlartifacts` folder), serving the registry of
 * `environment` (default `default`). Closing it closes `artifacts` too.
 */
export async function openMlflow(
  projectRoot: string,
  environment?: string,
  artifacts?: OpenArtifactStore,
): Promise<OpenMlflow> {
  const db = join(projectRoot, '.millrace', 'state.db');
  const tracking = new SqliteTrackingStore(db);
  const registry = new SqliteModelRegistry(db);
  try {
    const service = await createMlflowService({
      tracking,
      registry,
      artifactRoot: mlArtifactRoot(projectRoot),
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

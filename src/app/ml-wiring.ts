import { join } from 'node:path';
import type { MlflowService } from '../ml/index.js';
import { createMlflowService } from '../ml/index.js';
import { SqliteModelRegistry, SqliteTrackingStore } from '../store/index.js';

/** The registry name used when no environment is given (`millrace run` / `server` without `--env`). */
export const DEFAULT_ML_ENVIRONMENT = 'default';

/** An open MLflow service over a project's state db and artifact folder. */
export interface OpenMlflow extends MlflowService {
  close(): Promise<void>;
}

/** Where a project keeps ML artifacts: `.millrace/mlartifacts` (the artifact proxy's root). */
export function mlArtifactRoot(projectRoot: string): string {
  return join(projectRoot, '.millrace', 'mlartifacts');
}

/**
 * Opens tracking and the registry in `.millrace/state.db` (the project's state db) and the artifact folder,
 * serving the registry of `environment` (default `default`).
 */
export async function openMlflow(projectRoot: string, environment?: string): Promise<OpenMlflow> {
  const db = join(projectRoot, '.millrace', 'state.db');
  const tracking = new SqliteTrackingStore(db);
  const registry = new SqliteModelRegistry(db);
  try {
    const service = await createMlflowService({
      tracking,
      registry,
      artifactRoot: mlArtifactRoot(projectRoot),
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

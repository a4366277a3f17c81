import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PythonEnvironments } from '../contracts/index.js';
import type { ResolvedConfig } from '../config/index.js';
import { pythonCacheDir } from '../config/index.js';
import type { CachedEnvironment } from '../python/index.js';
import { createPythonEnvironments, listEnvironments, pruneEnvironments } from '../python/index.js';

/**
 * The project's Python environments: cached under the user's cache folder (`pythonCacheDir`), library paths
 * resolved against the project and its DBFS, and the project's requirements (`pythonRequirements` in
 * millrace.json, default `requirements.txt` when it exists) added to every notebook's environment.
 */
export function projectPythonEnvironments(config: ResolvedConfig): PythonEnvironments {
  const fallback = join(config.root, 'requirements.txt');
  const requirements = config.pythonRequirements ?? (existsSync(fallback) ? fallback : undefined);
  return createPythonEnvironments({
    cacheDir: config.pythonCacheDir,
    projectDir: config.root,
    dbfs: { root: config.dbfs.root, mounts: config.dbfs.mounts },
    ...(requirements === undefined ? {} : { projectRequirements: requirements }),
  });
}

/** A cached Python environment, as `millrace python envs` lists it. */
export type { CachedEnvironment as PythonEnvironmentInfo } from '../python/index.js';

/** The cached Python environments of this user (every project shares them), most recently used first. */
export function listPythonEnvironments(): CachedEnvironment[] {
  return listEnvironments(pythonCacheDir());
}

/**
 * Removes interrupted builds and environments unused for `unusedDays` days (`0`: every one not being built);
 * returns the removed keys.
 */
export function prunePythonEnvironments(unusedDays: number): string[] {
  return pruneEnvironments(pythonCacheDir(), unusedDays);
}

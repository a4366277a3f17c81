import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { JsonValue } from '../model/index.js';
import type { PythonEnvironment, PythonEnvironmentRequest, PythonEnvironments } from '../contracts/index.js';
import type { LocalDbfs } from './dbfs-path.js';
import { buildEnvironment } from './env-builder.js';
import { lockEnvironment, reuseEnvironment } from './env-cache.js';
import { PythonErrorCode, pythonError } from './python-error.js';
import { environmentKey, needsEnvironment, RequirementSetBuilder } from './requirement-set.js';

/** Settings of the environment cache (the composition root builds them from the project and config). */
export interface PythonEnvironmentsOptions {
  /** Folder of the cached environments, e.g. `~/.cache/millrace/python-envs`. */
  readonly cacheDir: string;
  /** Absolute project folder: base of relative library paths. */
  readonly projectDir: string;
  /** Where `dbfs:/`, `/dbfs/` and `/mnt/` library paths resolve. */
  readonly dbfs: LocalDbfs;
  /** The project's own requirements file (absolute), added to every environment; absent: none. */
  readonly projectRequirements?: string;
  /** Build with `uv`; default: when `uv --version` runs. */
  readonly uv?: boolean;
}

/**
 * Python environments as cluster libraries: an activity's `libraries`, the project's requirements and its
 * `%pip install` cells resolve into one sorted requirement set; a set that needs nothing installed runs on the
 * base interpreter with no build, any other is built once into a venv keyed by the set's hash and reused.
 */
export function createPythonEnvironments(options: PythonEnvironmentsOptions): PythonEnvironments {
  let uv = options.uv;
  const building = new Map<string, Promise<{ interpreter: string; built: boolean }>>();
  return {
    async resolve(request: PythonEnvironmentRequest): Promise<PythonEnvironment> {
      const set = new RequirementSetBuilder({ dbfs: options.dbfs, baseDir: options.projectDir });
      if (options.projectRequirements !== undefined) {
        if (!existsSync(options.projectRequirements))
          throw pythonError(
            PythonErrorCode.LibraryNotFound,
            `project requirements file ${options.projectRequirements} not found`,
            'fix millrace.json "pythonRequirements" or create the file',
          );
        set.addRequirementsFile(options.projectRequirements, 'project requirements');
      }
      const libs = request.libraries;
      if (libs !== undefined && libs !== null) {
        if (!Array.isArray(libs))
          throw pythonError(
            PythonErrorCode.InvalidLibrary,
            `${request.what}: typeProperties.libraries must be an array`,
          );
        (libs as readonly JsonValue[]).forEach((lib, i) =>
          set.addLibrary(lib, `${request.what} libraries[${i}]`),
        );
      }
      for (const args of request.pipInstalls ?? []) set.addPipInstall(args, `${request.what} %pip install`);
      const resolved = set.build();
      const spark = {
        sparkJars: resolved.jars,
        sparkPackages: resolved.packages,
        sparkRepositories: resolved.repositories,
      };
      if (!needsEnvironment(resolved))
        return { interpreter: request.interpreter, key: undefined, built: false, ...spark };
      const key = environmentKey(request.interpreter, resolved);
      const ready = reuseEnvironment(options.cacheDir, key);
      if (ready) return { interpreter: ready, key, built: false, ...spark };
      // Two activities of one run with the same set share one build; other processes wait on the lock.
      let pending = building.get(key);
      if (!pending) {
        uv ??= spawnSync('uv', ['--version'], { stdio: 'ignore' }).status === 0;
        const useUv = uv;
        pending = (async () => {
          const release = await lockEnvironment(
            options.cacheDir,
            key,
            () =>
              request.onProgress?.(
                `millrace: waiting for another process building Python environment ${key}`,
              ),
            request.signal,
          );
          try {
            const again = reuseEnvironment(options.cacheDir, key);
            if (again) return { interpreter: again, built: false };
            request.onProgress?.(
              `millrace: building Python environment ${key} (${resolved.requirements.length} requirement(s), ${useUv ? 'uv' : 'pip'})`,
            );
            const interpreter = await buildEnvironment({
              cacheDir: options.cacheDir,
              key,
              interpreter: request.interpreter,
              set: resolved,
              uv: useUv,
              what: request.what,
              ...(request.onProgress ? { onProgress: request.onProgress } : {}),
              ...(request.signal ? { signal: request.signal } : {}),
            });
            return { interpreter, built: true };
          } finally {
            release();
          }
        })();
        building.set(key, pending);
        pending.finally(() => building.delete(key)).catch(() => undefined);
      }
      return { ...(await pending), key, ...spark };
    },
  };
}

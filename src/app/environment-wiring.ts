import { resolve } from 'node:path';
import type { ResolvedEnvironment } from '../config/index.js';
import { applyEnvironment } from '../cicd/index.js';
import type { Diagnostic } from '../errors/index.js';
import { ConfigError, formatDiagnostic } from '../errors/index.js';
import type { Factory } from '../model/index.js';

/**
 * The factory with the environment applied. Error findings (an unknown resource, a bad override path)
 * stop the run with `config/invalid-environment`; warnings go to `onDiagnostic`.
 */
export function factoryForEnvironment(
  factory: Factory,
  environment: ResolvedEnvironment | undefined,
  onDiagnostic?: (d: Diagnostic) => void,
): Factory {
  if (!environment) return factory;
  const applied = applyEnvironment(factory, environment.layers);
  const errors = applied.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new ConfigError({
      code: 'config/invalid-environment',
      message: `environment ${environment.name}: ${errors.map(formatDiagnostic).join('; ')}`,
      ...(errors[0] ? { location: errors[0].location } : {}),
    });
  for (const d of applied.diagnostics) onDiagnostic?.(d);
  return applied.factory;
}

/** The environment's Python interpreter (last parameters file that sets one), if any. */
export function environmentPython(environment: ResolvedEnvironment | undefined): string | undefined {
  let python: string | undefined;
  for (const layer of environment?.layers ?? [])
    if (layer.format === 'millrace' && layer.spec.python) python = layer.spec.python;
  return python;
}

/** DBFS mounts and the cloud URLs they stand for: millrace.json's `dbfs`, then each parameters file's, per mount point. */
export interface DbfsSettings {
  /** Mount point → absolute folder. */
  readonly mounts: Readonly<Record<string, string>>;
  /** Mount point → `abfss://`/`wasbs://` URL. */
  readonly sources: Readonly<Record<string, string>>;
}

/** The DBFS mounts of a run: the project's, with the environment's parameters files over them (folders made absolute). */
export function dbfsSettings(
  projectRoot: string,
  project:
    | {
        readonly mounts?: Readonly<Record<string, string>>;
        readonly sources?: Readonly<Record<string, string>>;
      }
    | undefined,
  environment: ResolvedEnvironment | undefined,
): DbfsSettings {
  const mounts: Record<string, string> = {};
  const sources: Record<string, string> = { ...project?.sources };
  for (const [point, folder] of Object.entries(project?.mounts ?? {}))
    mounts[point] = resolve(projectRoot, folder);
  for (const layer of environment?.layers ?? []) {
    if (layer.format !== 'millrace' || !layer.spec.dbfs) continue;
    for (const [point, folder] of Object.entries(layer.spec.dbfs.mounts ?? {}))
      mounts[point] = resolve(projectRoot, folder);
    Object.assign(sources, layer.spec.dbfs.sources);
  }
  return { mounts, sources };
}

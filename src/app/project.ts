import type { ResolvedConfig, ResolvedProject } from '../config/index.js';
import { listNotebookPaths, readFactoryFiles, resolveConfig } from '../config/index.js';
import type { NotebookIndex } from '../cicd/index.js';
import { validateFactory } from '../cicd/index.js';
import type { Diagnostic } from '../errors/index.js';
import type { ActivityTypeDescription } from '../contracts/index.js';
import type { Factory, SourceIndex } from '../model/index.js';
import { canonicalActivityType, locateDiagnostic, parseFactory } from '../model/index.js';
// Its own entry, not activities/index.ts: the shapes alone, without loading the executors (validate starts cheap).
import { builtinActivityTypes } from '../activities/builtin-types.js';
import { checkNotebooks } from './notebook-checks.js';

/** A project as loaded: where it is, its factory model, the load findings, the local notebooks. */
export interface LoadedProject {
  /** The project's resolved config (millrace.json read once, defaults applied). */
  readonly config: ResolvedConfig;
  readonly project: ResolvedProject;
  readonly factory: Factory;
  /** Factory-relative paths of every resource file read. */
  readonly files: readonly string[];
  /** Findings of loading (invalid JSON, schema errors). */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: SourceIndex;
  /** Local notebooks when millrace.json maps workspace folders. */
  readonly notebooks: NotebookIndex | undefined;
}

/** The result of `validateProject`. */
export interface ValidationReport {
  readonly files: readonly string[];
  /** Every finding, sorted by file, line and column, each with file, JSON path, line and column. */
  readonly diagnostics: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
}

/** Options of `loadProject`. */
export interface LoadProjectOptions {
  /**
   * The activity types whose `typeProperties` shapes the load checks besides ADF's own (the executors or
   * descriptions of a `createMillrace({ executors })`; a type without a shape is not checked). Default: the
   * built-in types.
   */
  readonly activityTypes?: readonly Pick<ActivityTypeDescription, 'type' | 'typeProperties'>[];
}

/**
 * Loads a project (a folder with millrace.json) or a bare factory (a folder with pipeline/): reads and parses
 * its factory once. Given a folder, resolves its config first; given a `ResolvedConfig`, does not read
 * millrace.json again. Throws ConfigError `config/not-a-factory` for a folder that is neither.
 *
 * @example
 * const loaded = await loadProject('examples/quickstart');
 * const report = validateProject(loaded);
 */
export async function loadProject(
  source: string | ResolvedConfig,
  options: LoadProjectOptions = {},
): Promise<LoadedProject> {
  const config = typeof source === 'string' ? await resolveConfig({ projectDir: source }) : source;
  const { project } = config;
  const files = await readFactoryFiles(project.factoryRoot);
  const { factory, diagnostics, sources } = await parseFactory(files, {
    root: project.factoryRoot,
    activityTypeProperties: Object.fromEntries(
      (options.activityTypes ?? builtinActivityTypes).flatMap((t) =>
        t.typeProperties ? [[canonicalActivityType(t.type), t.typeProperties]] : [],
      ),
    ),
  });
  const folders = Object.keys(project.notebooks);
  const notebooks =
    folders.length > 0 ? { folders, paths: new Set(await listNotebookPaths(project)) } : undefined;
  return { config, project, factory, files: files.map((f) => f.path), diagnostics, sources, notebooks };
}

function compare(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location.file ?? '';
  const fb = b.location.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (
    (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0)
  );
}

/**
 * Validates a loaded project: load findings, every cross-resource rule and the notebooks it runs
 * (`checkNotebooks`).
 */
export function validateProject(
  loaded: LoadedProject,
  /** `factory` replaces the loaded one (an environment applied); `extra` findings are added (and located). */
  options: { readonly factory?: Factory; readonly extra?: readonly Diagnostic[] } = {},
): ValidationReport {
  const factory = options.factory ?? loaded.factory;
  const found = [
    ...validateFactory(factory, loaded.notebooks ? { notebooks: loaded.notebooks } : {}),
    ...(options.extra ?? []),
  ];
  const diagnostics = [
    ...loaded.diagnostics,
    ...found.map((d) => locateDiagnostic(d, loaded.sources)),
    ...checkNotebooks(loaded.project, factory),
  ].sort(compare);
  return {
    files: loaded.files,
    diagnostics,
    errorCount: diagnostics.filter((d) => d.severity === 'error').length,
    warningCount: diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

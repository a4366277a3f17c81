import type { PipelineResource } from '../../../model/index.js';
import type { Findings } from '../finding.js';
import type { PipelineLayout } from '../pipeline-scopes.js';

/** Local notebooks as Databricks workspace paths, from the project's notebooks mapping. */
export interface NotebookIndex {
  /** Mapped workspace folders, e.g. `/Shared/team` (no trailing slash). */
  readonly folders: readonly string[];
  /** Workspace paths of the local notebook files, without extension (`/Shared/team/etl/transform`). */
  readonly paths: ReadonlySet<string>;
}

/**
 * A DatabricksNotebook whose literal `notebookPath` falls under a mapped workspace folder must have a local
 * notebook file. Paths outside every mapped folder (or given as expressions) are not checked.
 */
export function checkNotebookPaths(
  pipeline: PipelineResource,
  layout: PipelineLayout,
  notebooks: NotebookIndex,
  findings: Findings,
): void {
  for (const { activity: a, path, active } of layout.activities) {
    if (a.type !== 'DatabricksNotebook' || !active) continue;
    const nb = a.typeProperties['notebookPath'];
    if (typeof nb !== 'string' || nb.startsWith('@')) continue;
    const wanted = nb.replace(/\/+$/, '');
    const folder = notebooks.folders.find((f) => wanted === f || wanted.startsWith(`${f}/`));
    if (folder === undefined || notebooks.paths.has(wanted)) continue;
    findings.error(
      'validate/missing-notebook',
      `activity "${a.name}" (DatabricksNotebook) runs notebook "${nb}", but no local notebook file maps to it (workspace folder "${folder}" has no "${wanted.slice(folder.length + 1)}" with extension .py, .ipynb, .sql, .scala or .r)`,
      pipeline.file,
      [...path, 'typeProperties', 'notebookPath'],
    );
  }
}

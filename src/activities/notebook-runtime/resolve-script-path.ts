import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';
import type { NotebookMapping } from './resolve-notebook-path.js';
import { assertInside, resolveNotebookPath } from './resolve-notebook-path.js';

/** Where script paths can point. */
export interface ScriptLocations {
  /** Local folder behind `dbfs:/`. */
  readonly dbfsRoot: string;
  /** Workspace folder → local folder, for `/Workspace/…`-style paths. */
  readonly notebooks: NotebookMapping;
  /** Base of relative paths. */
  readonly projectDir: string;
}

/**
 * The local file of a script path as ADF gives it: `dbfs:/x.py` (and `/dbfs/x.py`) under the DBFS
 * folder, `file:/abs/x.py` as is, another absolute path through the notebooks mapping, a relative path
 * under the project folder. Escaping the folder with `..` is refused; a missing file is
 * `activity/notebook-not-found`.
 */
export function resolveScriptPath(path: string, where: ScriptLocations): string {
  let local: string;
  if (path.startsWith('dbfs:') || path.startsWith('/dbfs/')) {
    const rest = path.startsWith('dbfs:') ? path.slice('dbfs:'.length) : path.slice('/dbfs'.length);
    const root = resolve(where.dbfsRoot);
    local = resolve(root, `.${rest.startsWith('/') ? rest : `/${rest}`}`);
    assertInside(root, local, path);
  } else if (path.startsWith('file:')) {
    local = resolve(`/${path.slice('file:'.length).replace(/^\/+/, '')}`);
  } else if (path.startsWith('/')) {
    return resolveNotebookPath(path, where.notebooks).localPath;
  } else {
    const root = resolve(where.projectDir);
    local = resolve(root, path);
    assertInside(root, local, path);
  }
  if (!existsSync(local)) {
    throw new NotebookError({
      code: NotebookErrorCode.NotFound,
      message: `script "${path}" not found (${local})`,
    });
  }
  return local;
}

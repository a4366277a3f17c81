import { existsSync, statSync } from 'node:fs';
import { posix, relative, resolve, isAbsolute, sep } from 'node:path';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';

/** Workspace folder → absolute local folder, e.g. `{ "/Shared/team": "/home/me/proj/notebooks" }`. */
export type NotebookMapping = Readonly<Record<string, string>>;

/** A workspace path and the local file behind it. */
export interface ResolvedNotebook {
  /** Normalized workspace path, e.g. `/Shared/team/train`. */
  readonly workspacePath: string;
  /** Absolute local file (`.py` or `.ipynb`). */
  readonly localPath: string;
  /** The mapped local folder the file lives in (nothing outside it is reachable). */
  readonly root: string;
}

/** The extensions tried, in order, after a workspace path. */
export const NOTEBOOK_EXTENSIONS = ['.py', '.ipynb'] as const;

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** Throws `activity/path-escapes-folder` unless `target` is `root` or inside it. */
export function assertInside(root: string, target: string, shown: string): void {
  const rel = relative(root, target);
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return;
  throw new NotebookError({
    code: NotebookErrorCode.PathEscapes,
    message: `${shown}: the path leaves its mapped folder ${root}`,
    hint: 'paths may not use ".." to climb out of the folder they are mapped to',
  });
}

/**
 * Resolves a workspace path (`/Shared/team/train`) to a local notebook through the mapping: the longest
 * matching workspace folder wins; `<folder>/<rest>.py` then `<rest>.ipynb` are tried (a path that already
 * names an existing file is taken as is). `..` that climbs out of the mapped folder is refused.
 */
export function resolveNotebookPath(workspacePath: string, mapping: NotebookMapping): ResolvedNotebook {
  if (!workspacePath.startsWith('/')) {
    throw new NotebookError({
      code: NotebookErrorCode.NotFound,
      message: `notebook path "${workspacePath}" is not absolute (workspace paths start with "/")`,
    });
  }
  const prefixes = Object.keys(mapping)
    .map((k) => ({ key: trimSlash(k), folder: mapping[k] ?? '' }))
    .filter(({ key }) => key === '/' || workspacePath === key || workspacePath.startsWith(`${key}/`))
    .sort((a, b) => b.key.length - a.key.length);
  const match = prefixes[0];
  if (!match) {
    const known = Object.keys(mapping).sort().join(', ') || 'none';
    throw new NotebookError({
      code: NotebookErrorCode.NotFound,
      message: `notebook "${workspacePath}" is not under a mapped workspace folder (mapped: ${known})`,
      hint: 'add the folder to the "notebooks" mapping in millrace.json',
    });
  }
  const root = resolve(match.folder);
  const rest = match.key === '/' ? workspacePath : workspacePath.slice(match.key.length);
  const base = resolve(root, `.${rest}`);
  assertInside(root, base, workspacePath);
  const candidates = [...NOTEBOOK_EXTENSIONS.map((ext) => base + ext), base];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!found) {
    throw new NotebookError({
      code: NotebookErrorCode.NotFound,
      message: `notebook "${workspacePath}" not found (tried ${candidates.join(', ')})`,
    });
  }
  return { workspacePath: posix.normalize(workspacePath), localPath: found, root };
}

/** The workspace path a relative reference (`./child`, `../lib/x`) points to from a notebook; absolute ones are kept. */
export function joinWorkspacePath(fromNotebook: string, target: string): string {
  if (target.startsWith('/')) return target;
  return posix.join(posix.dirname(fromNotebook), target);
}

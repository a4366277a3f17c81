import { isAbsolute, join, normalize, resolve, sep } from 'node:path';

/** The local DBFS: the folder behind `dbfs:/` and `/dbfs/`, and mount points (`/mnt/raw`) → folders. */
export interface LocalDbfs {
  readonly root: string;
  readonly mounts?: Readonly<Record<string, string>>;
}

/**
 * The local file behind a library path as Databricks accepts it: `dbfs:/x`, `/dbfs/x`, `/mnt/x` (DBFS;
 * a mount point maps into its folder, longest first), `file:/x` (local), an absolute local path, or a path
 * relative to `baseDir`. Undefined when a DBFS path leaves its folder (`..`).
 */
export function localLibraryPath(path: string, dbfs: LocalDbfs, baseDir: string): string | undefined {
  if (path.startsWith('file:')) return '/' + path.slice('file:'.length).replace(/^\/+/, '');
  let rest: string | undefined;
  if (path.startsWith('dbfs:')) rest = path.slice('dbfs:'.length);
  else if (path === '/dbfs' || path.startsWith('/dbfs/')) rest = path.slice('/dbfs'.length);
  else if (path.startsWith('/mnt/')) rest = path;
  if (rest === undefined) return isAbsolute(path) ? path : resolve(baseDir, path);
  rest = '/' + rest.replace(/^\/+/, '');
  let root = dbfs.root;
  const mounts = Object.entries(dbfs.mounts ?? {}).sort((a, b) => b[0].length - a[0].length);
  for (const [point, folder] of mounts) {
    const p = '/' + point.replace(/^\/+|\/+$/g, '');
    if (rest === p || rest.startsWith(p + '/')) {
      [root, rest] = [folder, rest.slice(p.length)];
      break;
    }
  }
  const local = normalize(join(root, rest));
  return local === normalize(root) || local.startsWith(normalize(root) + sep) ? local : undefined;
}

import type { BundleNotebook } from './deploy-bundle.js';

/**
 * The notebooks mapping (workspace folder → project-relative folder) that puts each notebook of a bundle at
 * its `file` and its `workspacePath`: the longest common tail of the two paths is the part below the mapping.
 * Any split that both paths share resolves the same files, so an ambiguous tail is harmless.
 */
export function notebookMapping(notebooks: readonly BundleNotebook[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of notebooks) {
    const local = n.file.split('/');
    const ws = n.workspacePath.split('/');
    let common = 0;
    while (
      common < local.length - 1 &&
      common < ws.length - 2 &&
      local[local.length - 1 - common] === ws[ws.length - 1 - common]
    )
      common += 1;
    if (common === 0) continue;
    const folder = ws.slice(0, ws.length - common).join('/');
    if (!(folder in out)) out[folder] = local.slice(0, local.length - common).join('/');
  }
  return out;
}

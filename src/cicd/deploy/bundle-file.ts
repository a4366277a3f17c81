import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors/index.js';

/** Reads a bundle's text: a folder (its bundle.json) or the file itself; `deploy/missing-bundle` if absent. */
export async function readBundleText(
  where: string,
): Promise<{ readonly file: string; readonly text: string }> {
  const isDir = await stat(where).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const file = isDir ? path.join(where, 'bundle.json') : where;
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (err) {
    throw new ConfigError({
      code: 'deploy/missing-bundle',
      message: `cannot read the bundle ${file}`,
      hint: 'build one with `millrace build --out dist`, then `millrace deploy dist --env <env>`',
      cause: err,
    });
  }
}

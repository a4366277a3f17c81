import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors/index.js';
import { BUNDLE_FILE } from './build-artifact.js';
import { syncDir, syncFile } from '../../platform/index.js';

/**
 * Writes the artifact files into `outDir` atomically: everything goes to a temporary sibling folder, which
 * then replaces `outDir` by rename (the previous artifact is moved aside and removed). A reader never sees
 * a half-written artifact. Refuses to replace a non-empty folder that is not an artifact (no bundle.json).
 */
export async function writeArtifact(outDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const target = path.resolve(outDir);
  if (existsSync(target)) {
    const entries = await readdir(target);
    if (entries.length > 0 && !entries.includes(BUNDLE_FILE))
      throw new ConfigError({
        code: 'build/out-not-artifact',
        message: `${target} is not empty and holds no ${BUNDLE_FILE}; refusing to replace it`,
        hint: 'choose an empty or new --out folder',
      });
  }
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = `${target}.tmp-${suffix}`;
  const old = `${target}.old-${suffix}`;
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await mkdir(temp);
    for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const file = path.join(temp, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text, 'utf8');
      await syncFile(file);
    }
    // Every file is on the disk before the folder takes the target's name; the renames are flushed after.
    const hadTarget = existsSync(target);
    if (hadTarget) await rename(target, old);
    await rename(temp, target);
    await syncDir(path.dirname(target));
    if (hadTarget) await rm(old, { recursive: true, force: true });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

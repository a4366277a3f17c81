import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { WorkFile } from '../contracts/index.js';

/** The most an attempt sends back of the files it kept (a worker keeps the rest and says so). */
export const MAX_WORK_FILES_BYTES = 16 * 1024 * 1024;

/**
 * On a worker: the files an attempt kept as artifacts (`<artifactDir>/<runId>/<activityRunId>/`, a notebook's
 * `display()` output), read to go back with its result, then removed from the worker's disk. When they exceed
 * {@link MAX_WORK_FILES_BYTES} together, the later ones stay on the worker and are named in `left`.
 */
export async function collectWorkFiles(
  artifactDir: string,
  runId: string,
  activityRunId: string,
): Promise<{ files: WorkFile[]; left: string[] }> {
  const folder = join(artifactDir, runId, activityRunId);
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
      .map((e) => e.name)
      .sort();
  } catch {
    return { files: [], left: [] };
  }
  const files: WorkFile[] = [];
  const left: string[] = [];
  let total = 0;
  for (const name of names) {
    const data = await readFile(join(folder, name));
    if (total + data.length > MAX_WORK_FILES_BYTES) {
      left.push(name);
      continue;
    }
    total += data.length;
    files.push({ name, base64: data.toString('base64') });
  }
  if (left.length === 0) {
    await rm(folder, { recursive: true, force: true });
    // The run's folder too once nothing else of the run is in it.
    await rmdir(join(artifactDir, runId)).catch(() => undefined);
  }
  return { files, left };
}

/**
 * In the orchestrating process: keeps the files a worker sent back with an attempt where a local attempt would
 * have left them, so the run document lists them as it does for local runs. Each is written to a temporary name
 * and renamed; a name with a path in it is reduced to its last part.
 */
export async function keepWorkFiles(
  artifactDir: string,
  runId: string,
  activityRunId: string,
  files: readonly WorkFile[],
): Promise<void> {
  if (files.length === 0) return;
  const folder = join(artifactDir, runId, activityRunId);
  await mkdir(folder, { recursive: true });
  for (const file of files) {
    const name = basename(file.name);
    if (name === '' || name === '.' || name === '..') continue;
    const target = join(folder, name);
    await writeFile(`${target}.tmp`, Buffer.from(file.base64, 'base64'));
    await rename(`${target}.tmp`, target);
  }
}

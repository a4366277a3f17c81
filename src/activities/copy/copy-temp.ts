import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../../platform/index.js';

/** `millrace-copy-<pid>-…` / `millrace-tcopy-<pid>-…`: a Copy's local staging folder, named by its process. */
const STAGING = /^millrace-t?copy-(\d+)-/;

/**
 * A fresh local staging folder for one Copy (downloaded sources, sink files before their upload, skipped-row
 * logs). A copy removes its own when it ends; one whose process was killed cannot, so each new one first removes
 * the staging folders of processes that are gone (issue 15: temp files of killed copies are cleaned on the next
 * start). A folder of a live process, this one's included, is never touched.
 */
export async function makeCopyStagingDir(kind: 'copy' | 'tcopy', dir = tmpdir()): Promise<string> {
  await removeDeadStaging(dir);
  return mkdtemp(join(dir, `millrace-${kind}-${process.pid}-`));
}

/** Removes the staging folders in `dir` whose process is gone; returns their names. */
export async function removeDeadStaging(dir = tmpdir()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const dead = names.filter((n) => {
    const pid = Number(STAGING.exec(n)?.[1] ?? NaN);
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid);
  });
  await Promise.all(
    dead.map((n) => rm(join(dir, n), { recursive: true, force: true }).catch(() => undefined)),
  );
  return dead;
}

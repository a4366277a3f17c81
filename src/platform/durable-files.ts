import { open, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flushes a file's data to the disk (`fsync`): after this a power loss cannot leave it half-written. */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a folder's entries (a rename into it) to the disk. Where a folder cannot be opened or synced (Windows)
 * this does nothing: there the rename itself is what the file system makes durable.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR/EPERM on platforms that do not sync folders.
  } finally {
    await handle.close();
  }
}

/**
 * Makes the finished `temp` visible as `target`, durably: its data is flushed before the rename (so the name
 * never points at unwritten blocks), and the folder after it (so the new name survives a crash).
 */
export async function commitDurably(temp: string, target: string): Promise<void> {
  await syncFile(temp);
  await rename(temp, target);
  await syncDir(dirname(target));
}

/** Writes `data` to `temp`, then commits it as `target` (`commitDurably`). */
export async function writeFileDurably(
  temp: string,
  target: string,
  data: string | Uint8Array,
): Promise<void> {
  await writeFile(temp, data);
  await commitDurably(temp, target);
}

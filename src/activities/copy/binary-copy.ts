import type { DatasetBinding, WriteHandle } from '../../contracts/index.js';
import { copyFile, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CopyTarget } from './copy-targets.js';

/** What a binary target produced; `handle` is committed by the caller. */
export interface BinaryCopyResult {
  readonly handle: Pick<WriteHandle, 'commit' | 'abort'>;
  readonly bytesRead: number;
}

/** Streams the inputs of one target, byte for byte (concatenated for MergeFiles), into an uncommitted write. */
export async function copyBinaryTarget(
  target: CopyTarget,
  source: DatasetBinding,
  sink: DatasetBinding,
  signal?: AbortSignal,
  onBytes?: (bytes: number) => void,
): Promise<BinaryCopyResult> {
  const [only] = target.inputs;
  if (target.inputs.length === 1 && only && source.store.localPath && sink.store.openWriteLocal) {
    // Both stores are local: let the kernel copy (copy_file_range / reflink) instead of streaming through JS.
    const from = await source.store.localPath(only.entry.path);
    const local = await sink.store.openWriteLocal(target.path);
    try {
      signal?.throwIfAborted();
      await copyFile(from, local.localPath);
      const { size } = await stat(local.localPath);
      onBytes?.(size);
      return { handle: local, bytesRead: size };
    } catch (err) {
      await local.abort();
      throw err;
    }
  }
  const handle = await sink.store.openWrite(target.path);
  let bytesRead = 0;
  try {
    for (const [i, input] of target.inputs.entries()) {
      const last = i === target.inputs.length - 1;
      const counter = new Transform({
        transform(chunk: Buffer, _e, cb) {
          bytesRead += chunk.length;
          onBytes?.(chunk.length);
          cb(null, chunk);
        },
      });
      const from = await source.store.openRead(input.entry.path, signal);
      await pipeline(from, counter, handle.stream, { end: last, ...(signal ? { signal } : {}) });
    }
    if (target.inputs.length === 0) handle.stream.end();
    return { handle, bytesRead };
  } catch (err) {
    await handle.abort();
    throw err;
  }
}

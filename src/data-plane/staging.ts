import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DatasetBinding, FileEntry, SinkFile, StagedFile, WriteHandle } from '../contracts/index.js';

/** Makes a source file readable by DuckDB with bounded memory (streamed, never held in memory). */
export async function stageForRead(
  ds: DatasetBinding,
  entry: FileEntry,
  tmpDir: string,
  signal?: AbortSignal,
): Promise<StagedFile> {
  const { store, format } = ds;
  if (!format.needsDecoding && store.localPath) {
    return { localPath: await store.localPath(entry.path), decoded: false };
  }
  const localPath = join(tmpDir, `in-${randomUUID()}`);
  const source = await store.openRead(entry.path, signal);
  const steps: (Readable | NodeJS.ReadWriteStream)[] = [source];
  if (format.needsDecoding && format.decoder) steps.push(format.decoder());
  await pipeline([...steps, createWriteStream(localPath)], signal ? { signal } : {});
  return { localPath, decoded: format.needsDecoding };
}

/** Opens a sink file at store path `path`; on local stores DuckDB writes straight into the store's temp file. */
export async function openSinkFile(ds: DatasetBinding, path: string, tmpDir: string): Promise<SinkFile> {
  const { store, format } = ds;
  if (!format.needsDecoding && store.openWriteLocal) {
    const local = await store.openWriteLocal(path);
    return {
      localPath: local.localPath,
      encoded: false,
      finish: async () => (await stat(local.localPath)).size,
      commit: () => local.commit(),
      abort: () => local.abort(),
    };
  }
  const localPath = join(tmpDir, `out-${randomUUID()}`);
  let handle: WriteHandle | undefined;
  return {
    localPath,
    encoded: format.needsDecoding,
    async finish(signal) {
      handle = await store.openWrite(path);
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _e, cb) {
          bytes += chunk.length;
          cb(null, chunk);
        },
      });
      const steps: (Readable | NodeJS.ReadWriteStream)[] = [createReadStream(localPath)];
      if (format.needsDecoding && format.encoder) steps.push(format.encoder());
      await pipeline([...steps, counter, handle.stream], signal ? { signal } : {});
      await rm(localPath, { force: true });
      return bytes;
    },
    async commit() {
      if (!handle) throw new Error('sink file committed before finish()');
      await handle.commit();
    },
    async abort() {
      await rm(localPath, { force: true });
      await handle?.abort();
    },
  };
}

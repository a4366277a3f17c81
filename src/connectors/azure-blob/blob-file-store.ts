import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import type { FileEntry, FileStore, ListOptions, WriteHandle } from '../../contracts/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { baseName, normalizeStorePath } from '../store-path.js';
import { matchesWildcard } from '../../model/index.js';

/** Block size of staged uploads: memory per open write is bounded by this. */
const BLOCK_BYTES = 8 * 1024 * 1024;

/**
 * A `FileStore` over one Blob container (virtual folders split on `/`). Writes stage blocks and commit the block
 * list only on `commit()`, so the destination blob changes in one step and an abort leaves it untouched.
 */
export class BlobFileStore implements FileStore {
  readonly #container: ContainerClient;

  constructor(container: ContainerClient) {
    this.#container = container;
  }

  async list(folder: string, options: ListOptions = {}): Promise<readonly FileEntry[]> {
    const rel = normalizeStorePath(folder);
    const prefix = rel === '' ? '' : `${rel}/`;
    const out: FileEntry[] = [];
    if (!(await this.#container.exists())) return out;
    const keep = (name: string): boolean =>
      !options.wildcard || matchesWildcard(baseName(name), options.wildcard);
    if (options.recursive) {
      for await (const b of this.#container.listBlobsFlat({ prefix })) {
        options.signal?.throwIfAborted();
        if (keep(b.name))
          out.push(fileEntry(b.name, b.properties.contentLength ?? 0, b.properties.lastModified));
      }
    } else {
      for await (const item of this.#container.listBlobsByHierarchy('/', { prefix })) {
        if (item.kind === 'prefix') out.push(folderEntry(item.name.replace(/\/$/, '')));
        else if (keep(item.name))
          out.push(fileEntry(item.name, item.properties.contentLength ?? 0, item.properties.lastModified));
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async stat(path: string): Promise<FileEntry | undefined> {
    const rel = normalizeStorePath(path);
    if (rel === '') return (await this.#container.exists()) ? folderEntry('') : undefined;
    try {
      const p = await this.#container.getBlobClient(rel).getProperties();
      return fileEntry(rel, p.contentLength ?? 0, p.lastModified ?? new Date(0));
    } catch (err) {
      if (statusOf(err) !== 404) throw io(err, rel);
    }
    for await (const _ of this.#container.listBlobsFlat({ prefix: `${rel}/` })) return folderEntry(rel);
    return undefined;
  }

  async openRead(path: string, signal?: AbortSignal): Promise<Readable> {
    const rel = normalizeStorePath(path);
    try {
      const res = await this.#container
        .getBlobClient(rel)
        .download(0, undefined, signal ? { abortSignal: signal } : {});
      if (!res.readableStreamBody) throw new Error('no body');
      return res.readableStreamBody as Readable;
    } catch (err) {
      if (statusOf(err) === 404)
        throw connectorError(ConnectorErrorCode.NotFound, `blob "${rel}" not found`, { cause: err });
      throw io(err, rel);
    }
  }

  async openWrite(path: string): Promise<WriteHandle> {
    const rel = normalizeStorePath(path);
    await this.#container.createIfNotExists();
    const blob = this.#container.getBlockBlobClient(rel);
    const ids: string[] = [];
    const md5 = createHash('md5');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const block = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      const id = Buffer.from(`${randomUUID()}`).toString('base64');
      await blob.stageBlock(id, block, block.length);
      ids.push(id);
    };
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        md5.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < BLOCK_BYTES) return cb();
        flush().then(() => cb(), cb);
      },
      final(cb) {
        flush().then(() => cb(), cb);
      },
    });
    return {
      stream,
      commit: async () => {
        if (!stream.writableFinished)
          await new Promise((res, rej) => stream.once('finish', res).once('error', rej));
        await commitBlocks(blob, ids, md5.digest());
      },
      abort: () => {
        stream.destroy();
        return Promise.resolve(); // uncommitted blocks are discarded by the service
      },
    };
  }

  async delete(path: string): Promise<void> {
    const rel = normalizeStorePath(path);
    if (rel !== '') await this.#container.getBlobClient(rel).deleteIfExists();
    if (!(await this.#container.exists())) return;
    for await (const b of this.#container.listBlobsFlat({ prefix: rel === '' ? '' : `${rel}/` })) {
      await this.#container.getBlobClient(b.name).deleteIfExists();
    }
  }

  async md5(path: string): Promise<string | undefined> {
    const p = await this.#container.getBlobClient(normalizeStorePath(path)).getProperties();
    return p.contentMD5 ? Buffer.from(p.contentMD5).toString('base64') : undefined;
  }
}

async function commitBlocks(blob: BlockBlobClient, ids: readonly string[], md5: Buffer): Promise<void> {
  await blob.commitBlockList([...ids], { blobHTTPHeaders: { blobContentMD5: md5 } });
}

function fileEntry(path: string, size: number, lastModified: Date): FileEntry {
  return { path, name: baseName(path), size, lastModified, isDirectory: false };
}

function folderEntry(path: string): FileEntry {
  return { path, name: baseName(path), size: 0, lastModified: new Date(0), isDirectory: true };
}

function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null ? (err as { statusCode?: number }).statusCode : undefined;
}

function io(err: unknown, path: string): Error {
  return connectorError(
    ConnectorErrorCode.Io,
    `blob "${path}": ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    {
      cause: err,
    },
  );
}

import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type {
  FileEntry,
  FileStore,
  ListOptions,
  LocalWriteHandle,
  WriteHandle,
} from '../../contracts/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { TEMP_PREFIX, baseName, normalizeStorePath } from '../store-path.js';
import { matchesWildcard } from '../../model/index.js';
import { commitDurably } from '../../platform/index.js';

/**
 * A `FileStore` over a local folder. Every path is confined to the root: absolute paths and `..` are refused,
 * and so is any path whose real location (after symlinks) is outside the root (`connector/path-escape`).
 */
export class LocalFileStore implements FileStore {
  readonly #root: string;

  /** @param root absolute path of the store's root folder */
  constructor(root: string) {
    this.#root = root;
  }

  async list(folder: string, options: ListOptions = {}): Promise<readonly FileEntry[]> {
    const rel = normalizeStorePath(folder);
    const abs = await this.#resolve(rel);
    const out: FileEntry[] = [];
    await this.#walk(abs, rel, options, out);
    return out;
  }

  async stat(path: string): Promise<FileEntry | undefined> {
    const rel = normalizeStorePath(path);
    const abs = await this.#resolve(rel);
    const st = await stat(abs).catch(() => undefined);
    return st ? toEntry(rel, st) : undefined;
  }

  async openRead(path: string, signal?: AbortSignal): Promise<Readable> {
    const abs = await this.localPath(path);
    const st = await stat(abs).catch(() => undefined);
    if (!st || st.isDirectory()) {
      throw connectorError(ConnectorErrorCode.NotFound, `file "${normalizeStorePath(path)}" not found`);
    }
    return createReadStream(abs, signal ? { signal } : {});
  }

  async openWrite(path: string): Promise<WriteHandle> {
    const local = await this.openWriteLocal(path);
    const stream = createWriteStream(local.localPath);
    return {
      stream,
      commit: async () => {
        if (!stream.writableFinished) await finished(stream);
        await local.commit();
      },
      abort: async () => {
        stream.destroy();
        await local.abort();
      },
    };
  }

  async openWriteLocal(path: string): Promise<LocalWriteHandle> {
    const rel = normalizeStorePath(path);
    if (rel === '') throw connectorError(ConnectorErrorCode.NotFound, 'cannot write to the store root');
    const dest = await this.#resolve(rel);
    const created = await this.#mkdirs(dirname(dest));
    const tmp = join(dirname(dest), `${TEMP_PREFIX}${randomUUID()}-${baseName(rel)}`);
    return {
      localPath: tmp,
      commit: async () => {
        await this.#resolve(rel); // the parent may have been swapped for a symlink meanwhile
        await commitDurably(tmp, dest);
      },
      abort: async () => {
        await rm(tmp, { force: true });
        // Remove folders this write created, innermost first, when they stayed empty.
        for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
      },
    };
  }

  async delete(path: string): Promise<void> {
    const rel = normalizeStorePath(path);
    const abs = await this.#resolve(rel);
    if (rel === '') {
      const children = await readdir(abs).catch(() => []);
      for (const c of children) await rm(join(abs, c), { recursive: true, force: true });
      return;
    }
    await rm(abs, { recursive: true, force: true });
  }

  async md5(path: string): Promise<string | undefined> {
    const hash = createHash('md5');
    const stream = await this.openRead(path);
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('base64');
  }

  async localPath(path: string): Promise<string> {
    return this.#resolve(normalizeStorePath(path));
  }

  /** Absolute path of `rel`, refusing anything whose real location leaves the root. */
  async #resolve(rel: string): Promise<string> {
    const abs = rel === '' ? this.#root : join(this.#root, ...rel.split('/'));
    const realRoot = await realpath(this.#root).catch(() => this.#root);
    // Walk up to the deepest existing ancestor and check where it really is.
    let probe = abs;
    for (;;) {
      const real = await realpath(probe).catch(() => undefined);
      if (real !== undefined) {
        if (!isInside(realRoot, real)) {
          throw connectorError(
            ConnectorErrorCode.PathEscape,
            `path "${rel}" resolves outside the linked service root (symlink)`,
          );
        }
        break;
      }
      const up = dirname(probe);
      if (up === probe || !isInside(this.#root, up)) break;
      probe = up;
    }
    return abs;
  }

  async #mkdirs(dir: string): Promise<string[]> {
    const created: string[] = [];
    let probe = dir;
    while (!(await lstat(probe).catch(() => undefined))) {
      created.unshift(probe);
      const up = dirname(probe);
      if (up === probe) break;
      probe = up;
    }
    await mkdir(dir, { recursive: true });
    return created;
  }

  async #walk(abs: string, rel: string, options: ListOptions, out: FileEntry[]): Promise<void> {
    options.signal?.throwIfAborted();
    const dirents: Dirent[] = await readdir(abs, { withFileTypes: true }).catch(() => []);
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      if (d.name.startsWith(TEMP_PREFIX)) continue;
      const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
      const childAbs = join(abs, d.name);
      let st: Stats | undefined;
      try {
        await this.#resolve(childRel);
        st = await stat(childAbs);
      } catch {
        continue; // dangling links and links leaving the root are not part of the store
      }
      const entry = toEntry(childRel, st);
      if (entry.isDirectory) {
        if (options.recursive) await this.#walk(childAbs, childRel, options, out);
        else out.push(entry);
      } else if (!options.wildcard || matchesWildcard(d.name, options.wildcard)) {
        out.push(entry);
      }
    }
  }
}

function toEntry(rel: string, st: Stats): FileEntry {
  return {
    path: rel,
    name: rel === '' ? '' : baseName(rel),
    size: st.isDirectory() ? 0 : st.size,
    lastModified: st.mtime,
    created: st.birthtime,
    isDirectory: st.isDirectory(),
  };
}

function isInside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r));
}

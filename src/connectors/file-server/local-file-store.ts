import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { lstat, mkdir, readFile, readdir, realpath, rename, rm, rmdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type {
  FileEntry,
  FileStore,
  ListOptions,
  LocalWriteHandle,
  WriteBatch,
  WriteHandle,
} from '../../contracts/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { TEMP_PREFIX, baseName, normalizeStorePath } from '../store-path.js';
import { matchesWildcard } from '../../model/index.js';
import { commitDurably, isProcessAlive, syncDir, syncFile, writeFileDurably } from '../../platform/index.js';

/** A file move of a batch commit: a finished temp file and the name it becomes. */
type Move = readonly [temp: string, target: string];

/** The journal of a batch commit, written durably before its first rename (names relative to the root). */
interface CommitJournal {
  readonly host: string;
  readonly pid: number;
  readonly moves: readonly Move[];
}

/** Journals of batch commits live at the root, hidden like temp files: `.millrace-tmp-commit-<pid>-<uuid>.json`. */
const JOURNAL_PREFIX = `${TEMP_PREFIX}commit-`;

/** The writer of a temp file or journal named `<prefix><pid>-…`, when it is a process of this host that is gone. */
function deadWriter(name: string, prefix: string): boolean {
  const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isProcessAlive(pid);
}

/** Renames every move whose temp file is still there (durably), then the folders they land in. */
async function applyMoves(
  root: string,
  moves: readonly Move[],
  onStep?: (done: number) => void,
): Promise<void> {
  const dirs = new Set<string>();
  let done = 0;
  for (const [temp, target] of moves) {
    const from = join(root, temp);
    const to = join(root, target);
    if (await stat(from).catch(() => undefined)) {
      await syncFile(from);
      await rename(from, to);
      dirs.add(dirname(to));
    }
    onStep?.(++done);
  }
  for (const d of dirs) await syncDir(d);
}

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
    await this.#recover();
    const rel = normalizeStorePath(folder);
    const abs = await this.#resolve(rel);
    const out: FileEntry[] = [];
    await this.#walk(abs, rel, options, out);
    return out;
  }

  async stat(path: string): Promise<FileEntry | undefined> {
    await this.#recover();
    const rel = normalizeStorePath(path);
    const abs = await this.#resolve(rel);
    const st = await stat(abs).catch(() => undefined);
    return st ? toEntry(rel, st) : undefined;
  }

  async openRead(path: string, signal?: AbortSignal): Promise<Readable> {
    await this.#recover();
    const abs = await this.localPath(path);
    const st = await stat(abs).catch(() => undefined);
    if (!st || st.isDirectory()) {
      throw connectorError(ConnectorErrorCode.NotFound, `file "${normalizeStorePath(path)}" not found`);
    }
    return createReadStream(abs, signal ? { signal } : {});
  }

  async openWrite(path: string): Promise<WriteHandle> {
    return streamTo(await this.openWriteLocal(path));
  }

  async openWriteLocal(path: string): Promise<LocalWriteHandle> {
    const rel = normalizeStorePath(path);
    if (rel === '') throw connectorError(ConnectorErrorCode.NotFound, 'cannot write to the store root');
    const dest = await this.#resolve(rel);
    const created = await this.#mkdirs(dirname(dest));
    // The writer's pid in the name: a later process removes temp files whose writer died (see #walk).
    const tmp = join(dirname(dest), `${TEMP_PREFIX}${process.pid}-${randomUUID()}-${baseName(rel)}`);
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

  /**
   * Writes made visible together: each write's temp file is kept until `commit()`, which first writes a journal of
   * the renames (durably), then renames, then removes the journal. A process that dies half-way leaves the journal:
   * the next access to this store (any process) finishes the renames before it lists or reads anything.
   */
  openBatch(options: { onCommitStep?: (renamed: number) => void } = {}): WriteBatch {
    const moves: Move[] = [];
    const handles: LocalWriteHandle[] = [];
    const root = this.#root;
    const deferLocal = async (path: string): Promise<LocalWriteHandle> => {
      const h = await this.openWriteLocal(path);
      handles.push(h);
      const target = await this.#resolve(normalizeStorePath(path));
      return {
        localPath: h.localPath,
        commit: () => {
          moves.push([relative(root, h.localPath), relative(root, target)]);
          return Promise.resolve();
        },
        abort: () => h.abort(),
      };
    };
    const store: FileStore = {
      list: (f, o) => this.list(f, o),
      stat: (p) => this.stat(p),
      openRead: (p, sig) => this.openRead(p, sig),
      delete: (p) => this.delete(p),
      md5: (p) => this.md5(p),
      localPath: (p) => this.localPath(p),
      openWriteLocal: deferLocal,
      openWrite: async (path) => streamTo(await deferLocal(path)),
    };
    return {
      store,
      async commit() {
        if (moves.length === 0) return;
        const journal = join(root, `${JOURNAL_PREFIX}${process.pid}-${randomUUID()}.json`);
        const body: CommitJournal = { host: hostname(), pid: process.pid, moves };
        await writeFileDurably(`${journal}.part`, journal, JSON.stringify(body));
        await applyMoves(root, moves, options.onCommitStep);
        await rm(journal, { force: true });
        await syncDir(root);
      },
      async abort() {
        for (const h of handles) await h.abort().catch(() => undefined);
      },
    };
  }

  #recovered: Promise<void> | undefined;

  /** Once per store object: finishes batch commits whose process died half-way (their journals at the root). */
  #recover(): Promise<void> {
    this.#recovered ??= (async () => {
      const names = await readdir(this.#root).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.startsWith(JOURNAL_PREFIX))) {
        if (!deadWriter(name, JOURNAL_PREFIX)) continue;
        const file = join(this.#root, name);
        if (!name.endsWith('.json')) {
          await rm(file, { force: true }); // a journal that was never completed: its commit never began
          continue;
        }
        let journal: CommitJournal;
        try {
          journal = JSON.parse(await readFile(file, 'utf8')) as CommitJournal;
        } catch {
          continue; // not written through: its rename to this name never happened
        }
        if (journal.host !== hostname()) continue;
        await applyMoves(this.#root, journal.moves);
        await rm(file, { force: true });
      }
    })();
    return this.#recovered;
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
      if (d.name.startsWith(TEMP_PREFIX)) {
        // A temp file of a write whose process died (a killed copy): nothing will ever commit it.
        if (d.isFile() && !d.name.startsWith(JOURNAL_PREFIX) && deadWriter(d.name, TEMP_PREFIX)) {
          await rm(join(abs, d.name), { force: true });
        }
        continue;
      }
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

/** A stream writing a local write's temp file; commit waits for the stream to finish, then commits the write. */
function streamTo(local: LocalWriteHandle): WriteHandle {
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

import type { Readable, Writable } from 'node:stream';

/**
 * The files of one store scope (a folder root, a container, a file system), as connectors of file-based linked
 * services hand them out. Every implementation passes `contracts/testing/file-store-suite.ts`.
 */

/** One file or folder of a store. Paths are store-relative, `/`-separated, without a leading `/`. */
export interface FileEntry {
  /** Store-relative path, e.g. `raw/2024/orders.csv`. */
  readonly path: string;
  /** Last path segment. */
  readonly name: string;
  /** Bytes; 0 for folders. */
  readonly size: number;
  readonly lastModified: Date;
  /** Only where the store knows it (file systems); Blob and ADLS do not. */
  readonly created?: Date;
  readonly isDirectory: boolean;
}

/** Options of `FileStore.list`. */
export interface ListOptions {
  /** Walk subfolders (default false: only the folder's direct children). */
  readonly recursive?: boolean;
  /** ADF wildcard (`*`, `?`, `^` escapes) matched against file names; folders are still returned when not recursive. */
  readonly wildcard?: string;
  readonly signal?: AbortSignal;
}

/**
 * A pending write. Bytes go to a temporary name; `commit()` makes them visible at the destination in one step;
 * `abort()` discards them and leaves the destination as it was. Exactly one of the two must be called.
 */
export interface WriteHandle {
  readonly stream: Writable;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** A pending write to a local temporary file (capability `openWriteLocal`): a tool like DuckDB writes `localPath`. */
export interface LocalWriteHandle {
  readonly localPath: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Files of one store scope (a folder root, a container, a file system). */
export interface FileStore {
  /** Children of `folder` (`''` = the root); recursive lists files of every subfolder. Missing folder → `[]`. */
  list(folder: string, options?: ListOptions): Promise<readonly FileEntry[]>;
  /** The entry at `path`, or undefined when nothing is there. A folder is an entry with `isDirectory`. */
  stat(path: string): Promise<FileEntry | undefined>;
  /** Streams a file; `connector/not-found` when missing. */
  openRead(path: string, signal?: AbortSignal): Promise<Readable>;
  /** Starts a write to `path`; nothing is visible there until `commit()`. */
  openWrite(path: string): Promise<WriteHandle>;
  /** Deletes a file, or a folder with everything in it. Missing → no error. */
  delete(path: string): Promise<void>;
  /** Base64 MD5 of the content when the store keeps one. */
  md5?(path: string): Promise<string | undefined>;
  /** Capability of local stores: the real path of `path`, so DuckDB can read the file in place. */
  localPath?(path: string): Promise<string>;
  /** Capability of local stores: a write whose temp file DuckDB writes directly. */
  openWriteLocal?(path: string): Promise<LocalWriteHandle>;
  /**
   * Capability: a batch of writes made visible as one step. Writes through `batch.store` commit into the batch
   * (nothing visible); `batch.commit()` then makes them all visible, and if the process dies half-way, the next
   * access to the store finishes the commit before anything is read: readers see none of the files or all of them.
   */
  openBatch?(): WriteBatch;
}

/** Writes made visible together (`FileStore.openBatch`). */
export interface WriteBatch {
  /** The same store, except that a write's `commit()` only adds it to the batch. */
  readonly store: FileStore;
  /** Makes every write committed into the batch visible, all or (after a crash) all at the next access. */
  commit(): Promise<void>;
  /** Drops every write of the batch. */
  abort(): Promise<void>;
}

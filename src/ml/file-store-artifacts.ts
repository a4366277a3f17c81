import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from '../contracts/index.js';
import type { ArtifactFileInfo, ArtifactStore } from './artifact-store.js';
import { cleanArtifactPath, missingArtifact } from './artifact-store.js';
import { invalidParameter } from './mlflow-error.js';

/**
 * The artifact proxy's store on a connector's file store (an Azure Blob container, a file share …) under a
 * root folder. Uploads go through the store's `openWrite`, whose `commit` makes the file appear in one step
 * (Blob storage: staged blocks, then one block-list commit); a failed or interrupted upload is aborted, so it
 * leaves nothing behind (uncommitted blocks are never visible and the service discards them).
 */
export class FileStoreArtifacts implements ArtifactStore {
  readonly #store: FileStore;
  readonly #root: string;

  /** `root`: the folder under which artifacts live (`''`: the store's root). */
  constructor(
    store: FileStore,
    root: string,
    readonly description: string,
  ) {
    this.#store = store;
    this.#root = root.replace(/^\/+|\/+$/g, '');
  }

  #path(path: string | undefined): string {
    const clean = cleanArtifactPath(path ?? '');
    return [this.#root, clean].filter((p) => p !== '').join('/');
  }

  async put(path: string, body: Readable): Promise<void> {
    if (cleanArtifactPath(path) === '') throw invalidParameter('An artifact upload needs a file path');
    const handle = await this.#store.openWrite(this.#path(path));
    try {
      await pipeline(body, handle.stream);
      await handle.commit();
    } catch (err) {
      await handle.abort();
      throw err;
    }
  }

  async get(path: string): Promise<{ readonly stream: Readable; readonly size: number }> {
    const where = this.#path(path);
    const entry = await this.#store.stat(where);
    if (!entry || entry.isDirectory || cleanArtifactPath(path) === '') throw missingArtifact(path);
    return { stream: await this.#store.openRead(where), size: entry.size };
  }

  async list(path: string | undefined): Promise<ArtifactFileInfo[]> {
    const entries = await this.#store.list(this.#path(path));
    return entries
      .map((e) =>
        e.isDirectory ? { path: e.name, is_dir: true } : { path: e.name, is_dir: false, file_size: e.size },
      )
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(path: string): Promise<void> {
    if (cleanArtifactPath(path) === '') throw invalidParameter('Refusing to delete the artifact root');
    await this.#store.delete(this.#path(path));
  }
}

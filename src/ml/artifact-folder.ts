import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidParameter } from './mlflow-error.js';
import type { ArtifactFileInfo, ArtifactStore } from './artifact-store.js';
import { STAGING_FOLDER, cleanArtifactPath, missingArtifact } from './artifact-store.js';
import { commitDurably } from '../platform/index.js';

/**
 * The local artifact store behind MLflow's artifact proxy: one folder, paths relative to it. An upload
 * streams to a temp file under `.uploading/` and is renamed into place when complete, so an interrupted
 * upload leaves nothing behind.
 */
export class ArtifactFolder implements ArtifactStore {
  constructor(readonly root: string) {}

  get description(): string {
    return this.root;
  }

  /** The absolute path of an artifact path. */
  #resolve(path: string): string {
    const clean = cleanArtifactPath(path);
    return clean === '' ? this.root : join(this.root, ...clean.split('/'));
  }

  localPath(path: string): string {
    return this.#resolve(path);
  }

  async put(path: string, body: Readable): Promise<void> {
    const target = this.#resolve(path);
    if (target === this.root) throw invalidParameter('An artifact upload needs a file path');
    const staging = join(this.root, STAGING_FOLDER);
    await mkdir(staging, { recursive: true });
    const temp = join(staging, randomBytes(12).toString('hex'));
    try {
      await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
      await mkdir(join(target, '..'), { recursive: true });
      await commitDurably(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async get(path: string): Promise<{ readonly stream: Readable; readonly size: number }> {
    const file = this.#resolve(path);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw missingArtifact(path);
    return { stream: createReadStream(file), size: info.size };
  }

  async list(path: string | undefined): Promise<ArtifactFileInfo[]> {
    const dir = this.#resolve(path ?? '');
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const files: ArtifactFileInfo[] = [];
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (dir === this.root && e.name === STAGING_FOLDER) continue;
      if (e.isDirectory()) files.push({ path: e.name, is_dir: true });
      else if (e.isFile())
        files.push({ path: e.name, is_dir: false, file_size: (await stat(join(dir, e.name))).size });
    }
    return files;
  }

  async delete(path: string): Promise<void> {
    const target = this.#resolve(path);
    if (target === this.root) throw invalidParameter('Refusing to delete the artifact root');
    await rm(target, { recursive: true, force: true });
  }
}

/** The artifact path of an `mlflow-artifacts:/<path>` URI (what the proxy serves); undefined for other URIs. */
export function proxiedArtifactPath(uri: string): string | undefined {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(uri);
  return m?.[1]?.split(sep).join('/');
}

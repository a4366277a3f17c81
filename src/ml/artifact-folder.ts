import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidParameter, notFound } from './mlflow-error.js';

/** One entry of an artifact listing (`FileInfo` of mlflow_artifacts.proto): `path` is the base name. */
export interface ArtifactFileInfo {
  readonly path: string;
  readonly is_dir: boolean;
  readonly file_size?: number;
}

/** Where uploads are written before they are renamed into place (hidden from listings). */
const STAGING = '.uploading';

/**
 * The local artifact store behind MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`):
 * one folder, paths relative to it. An upload streams to a temp file under `.uploading/` and is renamed into
 * place when complete, so an interrupted upload leaves nothing behind.
 */
export class ArtifactFolder {
  constructor(readonly root: string) {}

  /** The absolute path of an artifact path, refusing `..`, absolute paths and the staging folder. */
  #resolve(path: string): string {
    const clean = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\/?/, '');
    if (clean.startsWith('/') || clean.split('/').includes('..') || clean.split('/')[0] === STAGING)
      throw invalidParameter(
        `Invalid artifact path '${path}': it must be relative and stay inside the artifact root`,
      );
    return clean === '' || clean === '.' ? this.root : join(this.root, ...clean.split('/'));
  }

  /** Writes an artifact from a stream: all of it, or nothing. */
  async put(path: string, body: Readable): Promise<void> {
    const target = this.#resolve(path);
    if (target === this.root) throw invalidParameter('An artifact upload needs a file path');
    const staging = join(this.root, STAGING);
    await mkdir(staging, { recursive: true });
    const temp = join(staging, randomBytes(12).toString('hex'));
    try {
      await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
      await mkdir(join(target, '..'), { recursive: true });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** A stream of an artifact file and its size; RESOURCE_DOES_NOT_EXIST when absent or a folder. */
  async get(path: string): Promise<{ readonly stream: Readable; readonly size: number }> {
    const file = this.#resolve(path);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw notFound(`Artifact '${path}' does not exist`);
    return { stream: createReadStream(file), size: info.size };
  }

  /** The entries directly under a folder (empty when it does not exist), sorted by name. */
  async list(path: string | undefined): Promise<ArtifactFileInfo[]> {
    const dir = this.#resolve(path ?? '');
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const files: ArtifactFileInfo[] = [];
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (dir === this.root && e.name === STAGING) continue;
      if (e.isDirectory()) files.push({ path: e.name, is_dir: true });
      else if (e.isFile())
        files.push({ path: e.name, is_dir: false, file_size: (await stat(join(dir, e.name))).size });
    }
    return files;
  }

  /** Deletes a file or folder (missing is fine, as in MLflow). */
  async delete(path: string): Promise<void> {
    const target = this.#resolve(path);
    if (target === this.root) throw invalidParameter('Refusing to delete the artifact root');
    await rm(target, { recursive: true, force: true });
  }

  /** Copies every file under `from` to `to` (both artifact paths), each through a temp file. */
  async copyTree(from: string, to: string): Promise<number> {
    const src = this.#resolve(from);
    let count = 0;
    const walk = async (rel: string): Promise<void> => {
      const entries = await readdir(rel === '' ? src : join(src, ...rel.split('/')), {
        withFileTypes: true,
      }).catch(() => []);
      for (const e of entries) {
        const child = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) await walk(child);
        else if (e.isFile()) {
          await this.put(`${to}/${child}`, createReadStream(join(src, ...child.split('/'))));
          count++;
        }
      }
    };
    await walk('');
    return count;
  }
}

/** The artifact path of an `mlflow-artifacts:/<path>` URI (what the proxy serves); undefined for other URIs. */
export function proxiedArtifactPath(uri: string): string | undefined {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(uri);
  return m?.[1]?.split(sep).join('/');
}

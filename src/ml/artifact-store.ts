import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { invalidParameter, notFound } from './mlflow-error.js';

/** One entry of an artifact listing (`FileInfo` of mlflow_artifacts.proto): `path` is the base name. */
export interface ArtifactFileInfo {
  readonly path: string;
  readonly is_dir: boolean;
  readonly file_size?: number;
}

/**
 * Where the artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`) keeps artifacts: a local folder
 * (`ArtifactFolder`) or any connector's file store (`FileStoreArtifacts`, e.g. an Azure Blob container).
 * Paths are `/`-separated and relative to the store's root.
 */
export interface ArtifactStore {
  /** Where it is, for messages (`/home/…/mlartifacts`, `AzureBlobStorage LS_Ml: mlartifacts/qa`). */
  readonly description: string;
  /** Writes an artifact from a stream: all of it, or nothing (an interrupted upload leaves no file). */
  put(path: string, body: Readable): Promise<void>;
  /** A stream of an artifact file and its size; RESOURCE_DOES_NOT_EXIST when absent or a folder. */
  get(path: string): Promise<{ readonly stream: Readable; readonly size: number }>;
  /** The entries directly under a folder (empty when it does not exist), sorted by name. */
  list(path: string | undefined): Promise<ArtifactFileInfo[]>;
  /** Deletes a file or folder (missing is fine, as in MLflow). */
  delete(path: string): Promise<void>;
  /**
   * Optional capability of a store on this machine: the local path of an artifact path, so a reader that needs
   * files (model serving loads a model folder) uses them in place instead of downloading a copy.
   */
  localPath?(path: string): string;
}

/** Folder of in-progress uploads in a local store (hidden from listings, never an artifact path). */
export const STAGING_FOLDER = '.uploading';

/**
 * The normalized form of an artifact path (`''` for the root), refusing `..`, absolute paths and the
 * staging folder with INVALID_PARAMETER_VALUE.
 */
export function cleanArtifactPath(path: string): string {
  const clean = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\/?/, '');
  const parts = clean.split('/');
  if (clean.startsWith('/') || parts.includes('..') || parts[0] === STAGING_FOLDER)
    throw invalidParameter(
      `Invalid artifact path '${path}': it must be relative and stay inside the artifact root`,
    );
  return clean === '.' ? '' : clean.replace(/\/$/, '');
}

/** The error of a download of something that is not a file. */
export function missingArtifact(path: string): Error {
  return notFound(`Artifact '${path}' does not exist`);
}

/**
 * Copies every file under `fromPath` of `from` to `toPath` of `to` (the two may be different stores: a
 * promotion into an environment whose artifacts live elsewhere), each file all-or-nothing. Returns the count.
 */
export async function copyArtifacts(
  from: ArtifactStore,
  fromPath: string,
  to: ArtifactStore,
  toPath: string,
): Promise<number> {
  let count = 0;
  const walk = async (rel: string): Promise<void> => {
    const here = rel === '' ? fromPath : `${fromPath}/${rel}`;
    for (const e of await from.list(here)) {
      const child = rel === '' ? e.path : `${rel}/${e.path}`;
      if (e.is_dir) await walk(child);
      else {
        const { stream } = await from.get(`${fromPath}/${child}`);
        await to.put(`${toPath}/${child}`, stream);
        count++;
      }
    }
  };
  await walk('');
  return count;
}

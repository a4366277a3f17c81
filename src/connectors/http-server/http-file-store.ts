import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FileEntry, FileStore, WriteHandle } from '../../contracts/index.js';
import { ConnectorErrorCode, connectorError, unsupportedCapability } from '../connector-error.js';
import { baseName } from '../store-path.js';

/**
 * A read-only `FileStore` over an HTTP base URL: paths are relative URLs (`HttpServerLocation.relativeUrl`).
 * `openRead` is a GET, `stat` a HEAD; listing, writing and deleting are not HTTP operations and fail with
 * `connector/unsupported-capability`.
 */
export class HttpFileStore implements FileStore {
  readonly #base: string;
  readonly #headers: Readonly<Record<string, string>>;

  /** @param base base URL; @param headers sent with every request (authorization…) */
  constructor(base: string, headers: Readonly<Record<string, string>>) {
    this.#base = base.endsWith('/') ? base : `${base}/`;
    this.#headers = headers;
  }

  list(): Promise<readonly FileEntry[]> {
    return Promise.reject(unsupportedCapability('an HttpServer store (read-only, no listing)', 'list'));
  }

  async stat(path: string): Promise<FileEntry | undefined> {
    let res = await this.#fetch(path, 'HEAD');
    if (res.status === 405 || res.status === 501) {
      res = await this.#fetch(path, 'GET');
      await res.body?.cancel();
    }
    if (res.status === 404 || res.status === 410) return undefined;
    this.#check(res, path);
    const modified = res.headers.get('last-modified');
    return {
      path,
      name: baseName(path.replace(/[?#].*$/, '')),
      size: Number(res.headers.get('content-length') ?? 0),
      lastModified: modified ? new Date(modified) : new Date(0),
      isDirectory: false,
    };
  }

  async openRead(path: string, signal?: AbortSignal): Promise<Readable> {
    const res = await this.#fetch(path, 'GET', signal);
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      throw connectorError(ConnectorErrorCode.NotFound, `${this.#url(path)}: not found (HTTP ${res.status})`);
    }
    this.#check(res, path);
    if (!res.body) return Readable.from([]);
    return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  }

  openWrite(): Promise<WriteHandle> {
    return Promise.reject(unsupportedCapability('an HttpServer store (read-only)', 'openWrite'));
  }

  delete(): Promise<void> {
    return Promise.reject(unsupportedCapability('an HttpServer store (read-only)', 'delete'));
  }

  #url(path: string): string {
    return new URL(path, this.#base).toString();
  }

  async #fetch(path: string, method: string, signal?: AbortSignal): Promise<Response> {
    try {
      return await fetch(this.#url(path), { method, headers: this.#headers, ...(signal ? { signal } : {}) });
    } catch (err) {
      if (signal?.aborted) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw connectorError(ConnectorErrorCode.Http, `${method} ${this.#url(path)} failed: ${msg}`, {
        cause: err,
      });
    }
  }

  #check(res: Response, path: string): void {
    if (res.ok) return;
    void res.body?.cancel();
    const auth = res.status === 401 || res.status === 403 ? ' (check the linked service credentials)' : '';
    throw connectorError(
      ConnectorErrorCode.Http,
      `${this.#url(path)}: HTTP ${res.status} ${res.statusText}${auth}`,
    );
  }
}

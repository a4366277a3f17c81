import type { CloudWorkspace } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';
import { CloudErrorCode } from './azure-error.js';

/** Options of the client. */
export interface DatabricksWorkspaceClientOptions {
  /** Workspace URL, e.g. `https://adb-123.4.azuredatabricks.net`. */
  readonly host: string;
  /** Personal access token or Entra token (sent as a Bearer token; never logged). */
  readonly token: string;
  /** Injected for tests (a fetch that trusts a test double's certificate); default global fetch. */
  readonly fetch?: typeof fetch;
}

type Json = Record<string, unknown>;

/**
 * Workspace API 2.0 (`mkdirs`, `import`, `export`, https://docs.databricks.com/api/workspace/workspace) and
 * Secrets API 2.0 (`scopes/list`, `scopes/create`, `put`, `list`, https://docs.databricks.com/api/workspace/secrets).
 * The request and error handling follow the Jobs API client of the Databricks activities
 * (`activities/databricks-jobs/jobs-api-client.ts`): Bearer token, JSON bodies, `{error_code, message}` errors.
 */
export class DatabricksWorkspaceClient implements CloudWorkspace {
  readonly host: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: DatabricksWorkspaceClientOptions) {
    this.host = options.host.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
  }

  async #call(method: 'GET' | 'POST', path: string, body?: Json, signal?: AbortSignal): Promise<Json> {
    let res: Response;
    try {
      res = await this.#fetch(`${this.host}/api/2.0/${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.#token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw failed(path, undefined, 'NETWORK', (err as Error).message, err);
    }
    const text = await res.text();
    let json: Json = {};
    try {
      json = text === '' ? {} : (JSON.parse(text) as Json);
    } catch {
      // Keep {}: the status decides.
    }
    if (!res.ok) {
      const code = typeof json['error_code'] === 'string' ? json['error_code'] : 'ERROR';
      const message = typeof json['message'] === 'string' ? json['message'] : text.slice(0, 200);
      throw Object.assign(failed(path, res.status, code, message), { databricksCode: code });
    }
    return json;
  }

  async mkdirs(path: string, signal?: AbortSignal): Promise<void> {
    await this.#call('POST', 'workspace/mkdirs', { path }, signal);
  }

  async importNotebook(path: string, content: string, language: string, signal?: AbortSignal): Promise<void> {
    await this.#call(
      'POST',
      'workspace/import',
      { path, format: 'SOURCE', language, overwrite: true, content: Buffer.from(content).toString('base64') },
      signal,
    );
  }

  async exportNotebook(path: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const res = await this.#call(
        'GET',
        `workspace/export?path=${encodeURIComponent(path)}&format=SOURCE`,
        undefined,
        signal,
      );
      return typeof res['content'] === 'string' ? Buffer.from(res['content'], 'base64').toString('utf8') : '';
    } catch (err) {
      if ((err as { databricksCode?: string }).databricksCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw err;
    }
  }

  async listScopes(signal?: AbortSignal): Promise<string[]> {
    const res = await this.#call('GET', 'secrets/scopes/list', undefined, signal);
    const scopes = Array.isArray(res['scopes']) ? (res['scopes'] as Json[]) : [];
    return scopes.map((s) => s['name']).filter((n): n is string => typeof n === 'string');
  }

  async createScope(scope: string, signal?: AbortSignal): Promise<void> {
    await this.#call('POST', 'secrets/scopes/create', { scope }, signal);
  }

  async putSecret(scope: string, key: string, value: string, signal?: AbortSignal): Promise<void> {
    await this.#call('POST', 'secrets/put', { scope, key, string_value: value }, signal);
  }

  async listSecrets(scope: string, signal?: AbortSignal): Promise<string[]> {
    const res = await this.#call('GET', `secrets/list?scope=${encodeURIComponent(scope)}`, undefined, signal);
    const secrets = Array.isArray(res['secrets']) ? (res['secrets'] as Json[]) : [];
    return secrets.map((s) => s['key']).filter((k): k is string => typeof k === 'string');
  }
}

function failed(
  path: string,
  status: number | undefined,
  code: string,
  message: string,
  cause?: unknown,
): MillraceError {
  return new MillraceError({
    code: CloudErrorCode.DatabricksFailed,
    message: `Databricks ${path} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${code}: ${message.split('\n')[0]}`,
    ...(cause === undefined ? {} : { cause }),
  });
}

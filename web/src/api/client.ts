import type { ApiError } from '../../../src/server/api-types.js';

/** A failed API call: the server's `{error: {code, message}}`, or a network failure (`code` `ui/network`). */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Query values: arrays repeat the key (`status=Failed&status=Cancelled`), empty ones are left out. */
export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** `?a=1&b=x` of a query, or '' when nothing is set. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Calls the public REST API with the session's bearer token. */
export class ApiClient {
  constructor(
    readonly token: string,
    private readonly base = '',
  ) {}

  async request<T>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown } = {},
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}${queryString(options.query)}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch (err) {
      throw new ApiCallError(0, 'ui/network', `cannot reach the server: ${String(err)}`);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const error = (body as ApiError | undefined)?.error;
      throw new ApiCallError(
        res.status,
        error?.code ?? 'api/unknown',
        error?.message ?? `HTTP ${res.status}`,
      );
    }
    return body as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, query === undefined ? {} : { query });
  }

  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.request<T>('POST', path, {
      ...(body === undefined ? {} : { body }),
      ...(query === undefined ? {} : { query }),
    });
  }
}

/** `encodeURIComponent` for a path segment. */
export const seg = encodeURIComponent;

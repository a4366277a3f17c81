import type { JsonObject, JsonValue } from '../../model/index.js';
import { apiError } from './databricks-error.js';

/** `state` of a run (Jobs API 2.1). */
export interface RunState {
  /** PENDING, QUEUED, RUNNING, TERMINATING, TERMINATED, SKIPPED, INTERNAL_ERROR, BLOCKED, WAITING_FOR_RETRY. */
  readonly life_cycle_state: string;
  /** SUCCESS, FAILED, TIMEDOUT, CANCELED… once terminated. */
  readonly result_state?: string;
  readonly state_message?: string;
}

/** The parts of `runs/get` that Millrace reads. */
export interface RunInfo {
  readonly run_id: number;
  readonly state: RunState;
  readonly run_page_url?: string;
  readonly tasks?: readonly {
    readonly run_id: number;
    readonly task_key: string;
    readonly state?: RunState;
  }[];
}

/** The parts of `runs/get-output` that Millrace reads. */
export interface RunOutput {
  readonly notebook_output?: { readonly result?: string; readonly truncated?: boolean };
  readonly error?: string;
  readonly error_trace?: string;
  readonly logs?: string;
}

/** Options of the client. */
export interface JobsApiClientOptions {
  /** Workspace URL, e.g. `https://adb-123.4.azuredatabricks.net` (the linked service's `domain`). */
  readonly host: string;
  /** Personal access token (sent as a Bearer token; never logged). */
  readonly token: string;
  /** Injected for tests; default global fetch. */
  readonly fetch?: typeof fetch;
}

/** A minimal Databricks Jobs API 2.1 client: one-time runs (`runs/submit`, `runs/get`, `runs/get-output`, `runs/cancel`). */
export class JobsApiClient {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(options: JobsApiClientOptions) {
    this.#base = options.host.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
  }

  async #call(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal | undefined,
    body?: JsonObject,
  ): Promise<JsonObject> {
    let res: Response;
    try {
      res = await this.#fetch(`${this.#base}/api/2.1/jobs/${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.#token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw apiError(path, undefined, (err as Error).message, err);
    }
    const text = await res.text();
    let json: JsonValue = {};
    try {
      json = text === '' ? {} : (JSON.parse(text) as JsonValue);
    } catch {
      // Keep {}: the status decides.
    }
    if (!res.ok) {
      const obj = json as { error_code?: unknown; message?: unknown };
      const detail =
        typeof obj.message === 'string'
          ? `${typeof obj.error_code === 'string' ? obj.error_code : 'ERROR'}: ${obj.message}`
          : text.slice(0, 200);
      throw apiError(path, res.status, detail);
    }
    return json as JsonObject;
  }

  /** `POST runs/submit`; returns the run id. */
  async submitRun(body: JsonObject, signal?: AbortSignal): Promise<number> {
    const res = await this.#call('POST', 'runs/submit', signal, body);
    if (typeof res['run_id'] !== 'number') throw apiError('runs/submit', 200, 'the response has no run_id');
    return res['run_id'];
  }

  /** `GET runs/get?run_id=`. */
  async getRun(runId: number, signal?: AbortSignal): Promise<RunInfo> {
    return (await this.#call('GET', `runs/get?run_id=${runId}`, signal)) as unknown as RunInfo;
  }

  /** `GET runs/get-output?run_id=` (for a task run: multi-task runs have no output of their own). */
  async getRunOutput(runId: number, signal?: AbortSignal): Promise<RunOutput> {
    return await this.#call('GET', `runs/get-output?run_id=${runId}`, signal);
  }

  /** `POST runs/cancel`. */
  async cancelRun(runId: number): Promise<void> {
    await this.#call('POST', 'runs/cancel', undefined, { run_id: runId });
  }
}

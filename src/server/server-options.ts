import type { ActivityExecutor } from '../index.js';
import type { Diagnostic } from '../errors/index.js';

/** Options of `startServer`. */
export interface ServerOptions {
  /** Project folder (millrace.json) or bare factory folder. Default `.`. */
  readonly projectDir?: string;
  /**
   * The state database (`--db postgres://…`): wins over `MILLRACE_DB` and millrace.json `database`. On
   * PostgreSQL, many servers share runs, triggers and tokens, and one of them (elected) runs the scheduler.
   */
  readonly db?: string;
  /** Where execution activities run (`--execution local|workers`): wins over `MILLRACE_EXECUTION` and millrace.json. */
  readonly execution?: string;
  /** Environment to run pipelines in (parameters, secrets); also the default of `GET /api/secrets`. */
  readonly environment?: string;
  /** TCP port; 0 picks a free one (see `RunningServer.port`). Default 8080. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1` (local only); `0.0.0.0` exposes the server. */
  readonly host?: string;
  /** Largest request body in bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** Log requests and internal errors (JSON lines on stdout). Default off. */
  readonly logger?: boolean;
  /** Version shown in the OpenAPI document. */
  readonly version?: string;
  /** Folder of the built web UI served at `/`; default dist/web; `false` serves none. */
  readonly webRoot?: string | false;
  /**
   * Run the trigger scheduler in the server process (same run store), from when it listens until it closes.
   * Default true; `millrace server --no-scheduler` turns it off (the trigger routes still work).
   */
  readonly scheduler?: boolean;
  /** Longest sleep of the hosted scheduler's loop (ms). Default 1000. */
  readonly schedulerPollMs?: number;
  /** How often served models check their alias in the registry (ms). Default 2000. */
  readonly servingPollMs?: number;
  /** Executors of non-control activity types (tests); default the built-ins. */
  readonly executors?: readonly ActivityExecutor[];
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** A light request for `inject` (tests, benchmarks): no socket involved. */
export interface InjectRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly payload?: string | object;
}

/** A running server. */
export interface RunningServer {
  /** `http://127.0.0.1:8080` (the bound address). */
  readonly url: string;
  readonly port: number;
  /** How many API tokens exist (the CLI warns when there are none). */
  tokenCount(): Promise<number>;
  /** Sends a request through the app without a socket. */
  inject(request: InjectRequest): Promise<{
    readonly statusCode: number;
    readonly headers: Readonly<Record<string, unknown>>;
    readonly body: string;
  }>;
  /**
   * Graceful shutdown: stops the trigger scheduler, stops accepting requests, ends log streams, cancels the
   * runs this server (or its scheduler) started and waits for them, then closes the stores. Idempotent.
   */
  close(): Promise<void>;
}

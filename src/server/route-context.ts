import type { ServerMetrics } from './metrics.js';
import type { ServerBackend } from './server-backend.js';

/** What every route module receives. */
export interface RouteContext {
  readonly backend: ServerBackend;
  readonly metrics: ServerMetrics;
  /** Runs this server started that have not ended (cancelled on shutdown). */
  readonly activeRuns: Map<string, Promise<unknown>>;
  /** Open log streams; each entry ends its stream (called on shutdown). */
  readonly streams: Set<() => void>;
  /** Logs an internal error (a bug) without exposing it to the client. */
  readonly logError: (err: unknown, message: string) => void;
}

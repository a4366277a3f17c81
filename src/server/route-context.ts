import type { ResolvedConfig } from '../config/index.js';
import type {
  AccessAdmin,
  FactoryDescription,
  LoadedProject,
  Millrace,
  ModelsAdmin,
  OpenMlflow,
  TriggerService,
} from '../index.js';
import type { ServerMetrics } from './metrics.js';

/**
 * The library objects the server was started over (see start-server.ts): routes call them directly, with the
 * library's own types; the server adds HTTP (input checks, roles, audit, status codes, ISO times) only.
 */
export interface ServerServices {
  /** The project's resolved config (read once at start). */
  readonly config: ResolvedConfig;
  /** The project as loaded at start. */
  readonly project: LoadedProject;
  /** `describeFactory` of the loaded factory. */
  readonly description: FactoryDescription;
  /** The environment the server runs pipelines in, if any (default of `?env=` on secrets and deployments). */
  readonly environment: string | undefined;
  readonly millrace: Millrace;
  readonly triggers: TriggerService;
  /** Whether this process runs the trigger scheduler. */
  readonly schedulerRunning: () => boolean;
  readonly access: AccessAdmin;
  readonly mlflow: OpenMlflow;
  readonly models: ModelsAdmin;
}

/** What every route module receives. */
export interface RouteContext {
  readonly services: ServerServices;
  readonly metrics: ServerMetrics;
  /** Runs this server started that have not ended (cancelled on shutdown). */
  readonly activeRuns: Map<string, Promise<unknown>>;
  /** Open log streams; each entry ends its stream (called on shutdown). */
  readonly streams: Set<() => void>;
  /** Logs an internal error (a bug) without exposing it to the client. */
  readonly logError: (err: unknown, message: string) => void;
}

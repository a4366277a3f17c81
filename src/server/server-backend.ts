import type { Readable } from 'node:stream';
import type {
  ApiActivityLog,
  ApiDataset,
  ApiJson,
  ApiLinkedService,
  ApiLogLine,
  ApiPipelineDetail,
  ApiPipelineSummary,
  ApiRoleName,
  ApiRunDocument,
  ApiTrigger,
  ApiTriggerRun,
} from './api-types.js';

/** A trigger run as the library keeps it (times epoch ms). */
export type BackendTriggerRun = Omit<
  ApiTriggerRun,
  'scheduledTime' | 'windowStart' | 'windowEnd' | 'firedAt' | 'endedAt' | 'nextAttemptAt' | 'payload'
> & {
  readonly scheduledTime: number;
  readonly windowStart?: number;
  readonly windowEnd?: number;
  readonly firedAt?: number;
  readonly endedAt?: number;
  readonly nextAttemptAt?: number;
  readonly payload?: unknown;
};

/** Status filter and page of trigger runs. */
export interface BackendTriggerRunQuery {
  readonly status?: readonly ApiTriggerRun['status'][];
  readonly limit: number;
  readonly offset: number;
}

/** The trigger service (names match case-insensitively; an unknown one throws `trigger/unknown-trigger`). */
export interface BackendTriggers {
  list(): Promise<readonly ApiTrigger[]>;
  get(name: string): Promise<ApiTrigger & { readonly resource: unknown }>;
  setState(name: string, state: ApiTrigger['runtimeState']): Promise<void>;
  runs(name: string, query: BackendTriggerRunQuery): Promise<readonly BackendTriggerRun[]>;
  /** Windows of a tumbling window trigger (`trigger/not-tumbling-window` otherwise). */
  windows(name: string, query: BackendTriggerRunQuery): Promise<readonly BackendTriggerRun[]>;
  /** Queues the windows starting in `[from, to)`; `trigger/invalid-range` for a bad range. */
  backfill(name: string, from: number, to: number): Promise<number>;
  /** False when the window changed meanwhile; throws `trigger/unknown-window`, `trigger/window-running`. */
  rerunWindow(name: string, windowStart: number): Promise<boolean>;
  /** Whether this process runs the scheduler. */
  schedulerRunning(): boolean;
}

/** A stored run, as the library lists it (times epoch ms). */
export interface BackendRun {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: string;
  readonly message?: string;
  readonly groupId: string;
  readonly invokedBy: { readonly triggerType: string; readonly rerunOf?: string };
  readonly queuedAt: number;
  readonly start?: number;
  readonly end?: number;
}

/** Filters of `listRuns` (the library's ListRunsQuery). */
export interface BackendRunQuery {
  readonly pipeline?: string;
  readonly status?: readonly string[];
  readonly since?: number;
  readonly until?: number;
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly offset?: number;
}

/** The run events the server listens to (metrics); a structural view of the library's RunEvent. */
export interface BackendEvent {
  readonly kind: string;
  readonly runId?: string;
  readonly status?: string;
  readonly start?: number;
  readonly end?: number;
  readonly run?: { readonly runId: string; readonly start?: number; readonly queuedAt: number };
}

/** A run started in the background. */
export interface BackendStartedRun {
  readonly runId: string;
  readonly done: Promise<unknown>;
}

/** The caller a bearer token identifies. */
export interface BackendPrincipal {
  readonly name: string;
  readonly role: ApiRoleName;
}

/** An audit entry (times epoch ms). */
export interface BackendAuditEntry {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail?: string;
}

/** A deploy through the server (`POST /api/deployments`, `/api/deployments/rollback`). */
export interface BackendDeployRequest {
  readonly environment: string;
  /** The token's name: the requester of a protected environment's approval. */
  readonly actor: string;
  /** The bundle.json text (absent for a rollback). */
  readonly bundleText?: string;
  readonly rollback: boolean;
  readonly whatIf: boolean;
  readonly yes: boolean;
  /** Only record a protected environment's approval request (`request=true`). */
  readonly request?: boolean;
}

/** A deployment or pending approval as the history lists it (the library's records, passed through). */
export interface BackendDeploymentEntry {
  readonly id: string;
}

/** The deploy service of the server's project (the library's `deployProject` & co. on its environments). */
export interface BackendDeployments {
  /** The outcome `millrace deploy --json` prints (`status`, `diff`, `pending`, `deployment` …). */
  deploy(request: BackendDeployRequest): Promise<{ readonly status: string }>;
  /** Approves by pending id or by bundle; `deploy/self-approval` when the actor requested it. */
  approve(request: {
    readonly environment: string;
    readonly actor: string;
    readonly pendingId?: string;
    readonly bundleText?: string;
  }): Promise<BackendDeploymentEntry>;
  history(environment: string): Promise<{
    readonly deployments: readonly BackendDeploymentEntry[];
    readonly pending: readonly BackendDeploymentEntry[];
  }>;
}

/** One MLflow REST endpoint (the library's MlflowRoute): path relative to `/api/2.0/mlflow`. */
export interface BackendMlflowRoute {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** `read` needs role reader, `write` operator. */
  readonly access: 'read' | 'write';
}

/** The MLflow-compatible tracking and registry API of the library (`createMlflowService`). */
export interface BackendMlflow {
  readonly routes: readonly BackendMlflowRoute[];
  /** Throws `mlflow/<kebab of MLflow's error_code>` errors. */
  call(route: BackendMlflowRoute, input: Readonly<Record<string, unknown>>, actor: string): Promise<unknown>;
  readonly artifacts: {
    put(path: string, body: Readable): Promise<void>;
    get(path: string): Promise<{ readonly stream: Readable; readonly size: number }>;
    list(
      path: string | undefined,
    ): Promise<readonly { readonly path: string; readonly is_dir: boolean; readonly file_size?: number }[]>;
    delete(path: string): Promise<void>;
  };
}

/** Registries and promotions (the library's `openModels`); records pass through as JSON. */
export interface BackendModels {
  listModels(env?: string): Promise<readonly object[]>;
  versions(name: string, env?: string): Promise<readonly object[]>;
  history(name: string, env?: string): Promise<object>;
  promote(o: {
    name: string;
    version: string;
    to: string;
    from?: string;
    alias?: string;
    actor: string;
  }): Promise<{
    readonly id: string;
    readonly name: string;
    readonly targetEnv: string;
    readonly status: string;
  }>;
  approve(o: {
    env: string;
    id: string;
    actor: string;
  }): Promise<{ readonly id: string; readonly name: string; readonly targetEnv: string }>;
}

/**
 * Everything the server asks of the library, wired in app/ (`startServer`). The server is a shell: it
 * validates HTTP input, calls these, and renders the results; it imports no library module itself.
 */
export interface ServerBackend {
  readonly pipelines: () => readonly ApiPipelineSummary[];
  readonly pipeline: (name: string) => ApiPipelineDetail | undefined;
  readonly datasets: () => readonly ApiDataset[];
  readonly linkedServices: () => readonly ApiLinkedService[];
  readonly triggers: BackendTriggers;
  startRun(pipeline: string, parameters: Readonly<Record<string, ApiJson>>): Promise<BackendStartedRun>;
  startRerun(
    runId: string,
    options: { readonly fromFailed: boolean; readonly parameters: Readonly<Record<string, ApiJson>> },
  ): Promise<BackendStartedRun>;
  getRun(runId: string): Promise<ApiRunDocument | undefined>;
  listRuns(query: BackendRunQuery): Promise<{ readonly runs: readonly BackendRun[]; readonly total: number }>;
  cancelRun(runId: string): Promise<boolean>;
  logs(runId: string, activityName?: string): Promise<readonly ApiActivityLog[]>;
  followLogs(runId: string, onLine: (line: ApiLogLine) => void, onEnd: () => void): Promise<() => void>;
  subscribe(listener: (event: BackendEvent) => void): () => void;
  /** Secrets of an environment: names only out, values only in. Absent when the library has none. */
  readonly secrets?: {
    list(environment: string): Promise<readonly string[]>;
    set(environment: string, name: string, value: string): Promise<void>;
  };
  /** Deploys to the project's environments. Absent: no deployment routes. */
  readonly deployments?: BackendDeployments;
  readonly access: {
    authenticate(token: string): Promise<BackendPrincipal | undefined>;
    audit(entry: Omit<BackendAuditEntry, 'at'>): Promise<void>;
    listAudit(query: {
      readonly action?: string;
      readonly actor?: string;
      readonly limit?: number;
      readonly offset?: number;
    }): Promise<{ readonly entries: readonly BackendAuditEntry[]; readonly total: number }>;
    createToken(
      name: string,
      role: string,
      actor: string,
    ): Promise<{
      readonly name: string;
      readonly role: ApiRoleName;
      readonly createdAt: number;
      readonly token: string;
    }>;
    listTokens(): Promise<
      readonly {
        readonly name: string;
        readonly role: ApiRoleName;
        readonly createdAt: number;
        readonly lastUsedAt?: number;
      }[]
    >;
    revokeToken(name: string, actor: string): Promise<boolean>;
  };
  /** MLflow tracking, registry and artifact proxy under `/api/2.0/mlflow*`. Absent: no MLflow routes. */
  readonly mlflow?: BackendMlflow;
  /** Model registries and promotions under `/api/models`. Absent: no such routes. */
  readonly models?: BackendModels;
  /** The environment the server runs pipelines in, if any (default for `GET /api/secrets`). */
  readonly environment?: string;
}

/**
 * Wire types of the REST API: what the web UI (type-only) and HTTP clients see. Times are ISO-8601 strings.
 * Each type matches the JSON schema of its route (`routes/*.ts`), from which `/openapi.json` is generated.
 */

/** A JSON value. */
export type ApiJson = string | number | boolean | null | ApiJson[] | { [key: string]: ApiJson };

/** Every 4xx/5xx body. `field` names the bad request field (`body.parameters`, `querystring.limit`). */
export interface ApiError {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly field?: string;
    readonly hint?: string;
  };
}

/** Roles of API tokens, weakest first. */
export type ApiRoleName = 'reader' | 'operator' | 'deployer' | 'admin';

/** `GET /api/pipelines` item. */
export interface ApiPipelineSummary {
  readonly name: string;
  readonly file: string;
  readonly activities: number;
  readonly parameters: readonly {
    readonly name: string;
    readonly type: string;
    readonly required: boolean;
  }[];
}

/** `GET /api/pipelines/:name`: the summary plus the pipeline resource (secure defaults masked). */
export interface ApiPipelineDetail extends ApiPipelineSummary {
  readonly resource: ApiJson;
}

/** `GET /api/datasets` item. */
export interface ApiDataset {
  readonly name: string;
  readonly type: string;
  readonly linkedService: string;
}

/** `GET /api/linked-services` item (type only: properties may hold connection strings). */
export interface ApiLinkedService {
  readonly name: string;
  readonly type: string;
}

/** `GET /api/triggers` item: the trigger and its effective runtime state. */
export interface ApiTrigger {
  readonly name: string;
  readonly type: string;
  readonly runtimeState: 'Started' | 'Stopped';
  /** Where the state comes from: set through the API/CLI (`store`), the environment, or the factory file. */
  readonly stateSource: 'store' | 'environment' | 'factory';
  readonly pipelines: readonly string[];
  /** Next occurrence of a ScheduleTrigger. */
  readonly nextRun?: string;
}

/** `GET /api/triggers`. */
export interface ApiTriggerList {
  readonly items: readonly ApiTrigger[];
  /** Whether this server runs the trigger scheduler (`millrace server --no-scheduler` turns it off). */
  readonly scheduler: 'running' | 'off';
}

/** `GET /api/triggers/:name`: the trigger plus its resource JSON. */
export interface ApiTriggerDetail extends ApiTrigger {
  readonly resource: ApiJson;
}

/** `POST /api/triggers/:name/start|stop`. */
export interface ApiTriggerState {
  readonly name: string;
  readonly runtimeState: 'Started' | 'Stopped';
}

/** A trigger run: one schedule occurrence, tumbling window or storage event, and its pipeline run. */
export interface ApiTriggerRun {
  readonly trigger: string;
  /** Unique per trigger: the window start, the occurrence, or the storage event. */
  readonly key: string;
  readonly kind: 'schedule' | 'window' | 'blob';
  readonly pipeline: string;
  readonly status: 'Waiting' | 'Running' | 'Succeeded' | 'Failed' | 'Cancelled';
  /** Attempts so far (0 while a first attempt waits). */
  readonly attempt: number;
  /** The pipeline run of the current attempt. */
  readonly runId?: string;
  readonly triggerRunId?: string;
  readonly scheduledTime: string;
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly firedAt?: string;
  readonly endedAt?: string;
  readonly nextAttemptAt?: string;
  readonly message?: string;
  /** `@triggerBody()` of a storage event. */
  readonly payload?: ApiJson;
}

/** `GET /api/triggers/:name/runs` and `/windows`, newest first. */
export interface ApiTriggerRunPage {
  readonly items: readonly ApiTriggerRun[];
  readonly limit: number;
  readonly offset: number;
  /** Offset of the next page, absent on the last page. */
  readonly nextOffset?: number;
}

/** `POST /api/triggers/:name/backfill` (202): windows queued; the scheduler runs them. */
export interface ApiBackfill {
  readonly trigger: string;
  readonly from: string;
  readonly to: string;
  readonly windows: number;
}

/** `POST /api/triggers/:name/windows/rerun` (202). */
export interface ApiWindowRerun {
  readonly trigger: string;
  readonly windowStart: string;
  readonly status: 'Waiting';
}

/** A pipeline run in lists. */
export interface ApiRunSummary {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: string;
  readonly message?: string;
  readonly groupId: string;
  readonly invokedBy: { readonly triggerType: string; readonly rerunOf?: string };
  readonly queuedAt: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly durationMs: number | null;
}

/** `GET /api/runs`. */
export interface ApiRunPage {
  readonly runs: readonly ApiRunSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  /** Offset of the next page, absent on the last page. */
  readonly nextOffset?: number;
}

/** An activity run of a run document. */
export interface ApiActivityRun {
  readonly activityName: string;
  readonly activityType: string;
  readonly status: string;
  readonly start: string;
  readonly end: string | null;
  readonly durationMs: number | null;
  readonly iteration?: string;
  readonly attempt?: number;
  /** On an `Inactive` run: the status the deactivated activity is marked as (`onInactiveMarkAs`). */
  readonly markedAs?: string;
  /** Files the activity run kept (a notebook's `display()` output): name and path relative to the project. */
  readonly artifacts?: readonly { readonly name: string; readonly path: string }[];
  readonly output?: ApiJson;
  readonly error?: { readonly errorCode: string; readonly message: string };
}

/** `GET /api/runs/:id`: the run document (the `millrace run --json` contract). Secure values are masked. */
export interface ApiRunDocument {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: string;
  readonly message?: string;
  readonly parameters: Readonly<Record<string, ApiJson>>;
  readonly variables: Readonly<Record<string, ApiJson>>;
  readonly output: ApiJson;
  readonly start: string | null;
  readonly end: string | null;
  readonly durationMs: number | null;
  readonly contentHash: string;
  readonly invokedBy: { readonly triggerType: string };
  readonly activityRuns: readonly ApiActivityRun[];
}

/** `POST /api/pipelines/:name/runs` and `POST /api/runs/:id/rerun` (202). */
export interface ApiRunStarted {
  readonly runId: string;
  readonly status: string;
  /** Where to poll. */
  readonly location: string;
}

/** `GET /api/runs/:id/logs` item. */
export interface ApiActivityLog {
  readonly activityName: string;
  readonly activityRunId: string;
  readonly iteration?: string;
  readonly status: string;
  readonly text: string;
}

/** `data` of a `log` event of `GET /api/runs/:id/logs/stream` (Server-Sent Events). */
export interface ApiLogLine {
  readonly activityName: string;
  readonly activityRunId: string;
  readonly iteration?: string;
  readonly line: string;
}

/** `GET /api/audit` item. */
export interface ApiAuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail?: string;
}

/** `GET /api/tokens` item (never the token). */
export interface ApiToken {
  readonly name: string;
  readonly role: ApiRoleName;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
}

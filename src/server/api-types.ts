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

/** `GET /api/triggers` item (as defined in the factory). */
export interface ApiTrigger {
  readonly name: string;
  readonly type: string;
  readonly runtimeState: string;
  readonly pipelines: readonly string[];
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

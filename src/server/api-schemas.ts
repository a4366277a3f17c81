import { z } from 'zod';

/**
 * The REST API's request and response shapes, defined once: the route schemas (and so `/openapi.json` and the
 * request checks) are generated from them (`json-schema.ts`), and the wire types of `api-types.ts` are their
 * `z.output`. Property order is the JSON's order (the response serializer follows the schema). Times are
 * ISO-8601 strings.
 */

/** A JSON value (typed only: it is never parsed with zod, its JSON Schema is `{}`). */
export type ApiJson =
  string | number | boolean | null | readonly ApiJson[] | { readonly [key: string]: ApiJson };
const anyJson = z.custom<ApiJson>();
/** A JSON object with any properties (parameters, variables). */
const freeObject = z.record(z.string(), anyJson);
const int = z.number().int();
const iso = (description = 'ISO-8601') => z.string().describe(description);

/** Every 4xx/5xx body. `field` names the bad request field (`body.parameters`, `querystring.limit`). */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    hint: z.string().optional(),
  }),
});

/** Roles of API tokens, weakest first. */
export const ROLE_ORDER = ['reader', 'operator', 'deployer', 'admin'] as const;
export const roleName = z.enum(ROLE_ORDER);

/** `{items: [...]}`: the shape of every list response. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** `:id` path parameter of run routes. */
export const runIdParams = z.strictObject({ id: z.string().min(1).max(200) });
/** `:name` path parameter of named resources. */
export const nameParams = z.strictObject({ name: z.string().min(1).max(260) });

/** `GET /api/pipelines` item. */
export const pipelineSummary = z.object({
  name: z.string(),
  file: z.string(),
  activities: int,
  parameters: z.array(z.object({ name: z.string(), type: z.string(), required: z.boolean() })),
});
/** A validation finding of a pipeline's file (`millrace validate`); `path` as findings print it. */
export const finding = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  path: z.string().optional(),
  line: int.optional(),
  column: int.optional(),
  hint: z.string().optional(),
});
/**
 * `GET /api/pipelines/:name`: the summary plus the pipeline resource (secure defaults masked) and the
 * validation findings located in its file.
 */
export const pipelineDetail = pipelineSummary.extend({ resource: anyJson, findings: z.array(finding) });
/** `GET /api/datasets` item. */
export const dataset = z.object({ name: z.string(), type: z.string(), linkedService: z.string() });
/** `GET /api/linked-services` item (type only: properties may hold connection strings). */
export const linkedService = z.object({ name: z.string(), type: z.string() });

/** `GET /api/triggers` item: the trigger and its effective runtime state. */
export const trigger = z.object({
  name: z.string(),
  type: z.string(),
  runtimeState: z.enum(['Started', 'Stopped']),
  /** Where the state comes from: set through the API/CLI (`store`), the environment, or the factory file. */
  stateSource: z.enum(['store', 'environment', 'factory']),
  pipelines: z.array(z.string()),
  nextRun: iso('next occurrence of a ScheduleTrigger (ISO-8601)').optional(),
});
/** `GET /api/triggers`; `scheduler`: whether this server runs the trigger scheduler. */
export const triggerList = z.object({ items: z.array(trigger), scheduler: z.enum(['running', 'off']) });
/** `GET /api/triggers/:name`: the trigger plus its resource JSON. */
export const triggerDetail = trigger.extend({ resource: anyJson });
/** `POST /api/triggers/:name/start|stop`. */
export const triggerState = trigger.pick({ name: true, runtimeState: true });

/** Trigger run statuses. */
export const TRIGGER_RUN_STATUSES = ['Waiting', 'Running', 'Succeeded', 'Failed', 'Cancelled'] as const;
/** A trigger run: one schedule occurrence, tumbling window or storage event, and its pipeline run. */
export const triggerRun = z.object({
  trigger: z.string(),
  /** Unique per trigger: the window start, the occurrence, or the storage event. */
  key: z.string(),
  kind: z.enum(['schedule', 'window', 'blob']),
  pipeline: z.string(),
  status: z.enum(TRIGGER_RUN_STATUSES),
  /** Attempts so far (0 while a first attempt waits). */
  attempt: int,
  runId: z.string().optional(),
  triggerRunId: z.string().optional(),
  scheduledTime: iso(),
  windowStart: iso().optional(),
  windowEnd: iso().optional(),
  firedAt: iso().optional(),
  endedAt: iso().optional(),
  nextAttemptAt: iso().optional(),
  message: z.string().optional(),
  /** `@triggerBody()` of a storage event. */
  payload: anyJson.optional(),
});
/** `GET /api/triggers/:name/runs` and `/windows`, newest first; `nextOffset` absent on the last page. */
export const triggerRunPage = z.object({
  items: z.array(triggerRun),
  limit: int,
  offset: int,
  nextOffset: int.optional(),
});
/** `POST /api/triggers/:name/backfill` (202): windows queued; the scheduler runs them. */
export const backfill = z.object({ trigger: z.string(), from: iso(), to: iso(), windows: int });
/** `POST /api/triggers/:name/windows/rerun` (202). */
export const windowRerun = z.object({ trigger: z.string(), windowStart: iso(), status: z.enum(['Waiting']) });

/** How a run was started: `Manual`, `PipelineActivity` (with its parent), `Rerun` (with the run it repeats), a trigger type. */
const invokedBy = z.object({
  triggerType: z.string(),
  parentRunId: z.string().optional(),
  parentPipeline: z.string().optional(),
  parentActivityRunId: z.string().optional(),
  rerunOf: z.string().optional(),
  triggerName: z.string().optional(),
  triggerId: z.string().optional(),
  triggerTime: z.string().optional(),
});

/** A pipeline run in lists. */
export const runSummary = z.object({
  runId: z.string(),
  pipeline: z.string(),
  status: z.string(),
  message: z.string().optional(),
  groupId: z.string(),
  invokedBy: invokedBy.optional(),
  /** The environment the run ran in (`--env`); absent for a run with the project's own settings. */
  environment: z.string().optional(),
  queuedAt: z.string(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  durationMs: z.number().nullable(),
});
/** `GET /api/runs`; `nextOffset` absent on the last page. */
export const runPage = z.object({
  runs: z.array(runSummary),
  total: int,
  limit: int,
  offset: int,
  nextOffset: int.optional(),
});

/** An activity run of a run document. */
export const activityRun = z.object({
  activityName: z.string(),
  activityType: z.string(),
  status: z.string(),
  start: z.string(),
  end: z.string().nullable(),
  durationMs: z.number().nullable(),
  iteration: z.string().optional(),
  attempt: int.optional(),
  /** On an `Inactive` run: the status the deactivated activity is marked as (`onInactiveMarkAs`). */
  markedAs: z.enum(['Succeeded', 'Failed', 'Skipped']).optional(),
  /** On a rerun: the earlier run's activity run whose result this one keeps (nothing executed). */
  reusedFrom: z.string().optional(),
  /** Files the activity run kept (a notebook's `display()` output): name and path relative to the project. */
  artifacts: z.array(z.object({ name: z.string(), path: z.string() })).optional(),
  /** The evaluated input (typeProperties after expressions); `********` under `policy.secureInput`. */
  input: anyJson.optional(),
  output: anyJson.optional(),
  error: z.object({ errorCode: z.string().optional(), message: z.string().optional() }).optional(),
});
/** `GET /api/runs/:id`: the run document (the `millrace run --json` contract). Secure values are masked. */
export const runDocument = z.object({
  runId: z.string(),
  pipeline: z.string(),
  status: z.string(),
  message: z.string().optional(),
  parameters: freeObject,
  variables: freeObject,
  output: anyJson.optional(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  durationMs: z.number().nullable().optional(),
  contentHash: z.string().optional(),
  invokedBy: invokedBy.optional(),
  /** The environment the run ran in (`--env`); absent for a run with the project's own settings. */
  environment: z.string().optional(),
  activityRuns: z.array(activityRun),
});
/** `GET /api/runs/:id/activities`. */
export const activityRunList = itemsOf(activityRun);
/** `POST /api/pipelines/:name/runs` and `POST /api/runs/:id/rerun` (202); `location`: where to poll. */
export const runStarted = z.object({ runId: z.string(), status: z.string(), location: z.string() });
/** `POST /api/runs/:id/cancel` (202). */
export const runCancelled = z.object({ runId: z.string(), status: z.string() });

/** `GET /api/runs/:id/logs` item. */
export const activityLog = z.object({
  activityName: z.string(),
  activityRunId: z.string(),
  iteration: z.string().optional(),
  status: z.string(),
  text: z.string(),
});
/** `GET /api/runs/:id/logs`. */
export const activityLogList = itemsOf(activityLog);
/** `data` of a `log` event of `GET /api/runs/:id/logs/stream` (Server-Sent Events). */
export const logLine = z.object({
  activityName: z.string(),
  activityRunId: z.string(),
  iteration: z.string().optional(),
  line: z.string(),
});

/** `GET /api/audit` item. */
export const auditEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.string().optional(),
});
/** `GET /api/audit`. */
export const auditPage = z.object({ total: int, items: z.array(auditEntry) });
/** `GET /api/tokens` item (never the token). */
export const token = z.object({
  name: z.string(),
  role: roleName,
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
});
/** `GET /api/tokens`. */
export const tokenList = itemsOf(token);
/** `POST /api/tokens` (201): the token, shown this once. */
export const createdToken = token.extend({ token: z.string() });

// Requests: `jsonSchema(x, 'input')` is what a client may send (defaults fill what it leaves out; ajv coerces
// query strings to these types); `z.output` is what a handler receives.

const dateTime = (description: string) => z.string().meta({ format: 'date-time', description });
const limit = (byDefault: number) => z.number().int().min(1).max(1000).default(byDefault);
const offset = z.number().int().min(0).default(0);

/** Run statuses a list can filter on. */
export const RUN_STATUSES = [
  'Queued',
  'InProgress',
  'Succeeded',
  'Failed',
  'Canceling',
  'Cancelled',
] as const;
/** `GET /api/runs` query: filters, sorting by queue time, pagination. */
export const runListQuery = z.strictObject({
  pipeline: z.string().min(1).optional(),
  status: z.array(z.enum(RUN_STATUSES)).optional(),
  environment: z.string().min(1).describe('runs of this environment (--env)').optional(),
  triggerType: z
    .string()
    .min(1)
    .describe('how runs were started: Manual, Rerun, PipelineActivity, ScheduleTrigger, …')
    .optional(),
  since: dateTime('queued at or after (ISO-8601)').optional(),
  until: dateTime('queued before (ISO-8601)').optional(),
  order: z.enum(['asc', 'desc']).default('desc').describe('by queue time'),
  limit: limit(50),
  offset,
});
/** `POST /api/pipelines/:name/runs` body. */
export const startRunBody = z.strictObject({
  parameters: freeObject.describe('typed values by parameter name').optional(),
});
/** `POST /api/runs/:id/rerun` body. */
export const rerunBody = z.strictObject({
  fromFailed: z.boolean().default(false),
  iterations: z
    .array(z.string().min(1).max(2000))
    .min(1)
    .max(1000)
    .describe(
      'failed ForEach iterations to run again, as the run document names them (Loop[3], Outer[1]/Inner[2]); the other iterations keep their results',
    )
    .optional(),
  parameters: freeObject.optional(),
});
/** `GET /api/triggers/:name/runs|windows` query. */
export const triggerRunQuery = z.strictObject({
  status: z.array(z.enum(TRIGGER_RUN_STATUSES)).optional(),
  limit: limit(50),
  offset,
});
/** `POST /api/triggers/:name/backfill` body. */
export const backfillBody = z.strictObject({
  from: dateTime('first window start included (ISO-8601)'),
  to: dateTime('windows starting at or after it are left out (ISO-8601)'),
});
/** `POST /api/triggers/:name/windows/rerun` body. */
export const windowRerunBody = z.strictObject({
  windowStart: dateTime('start of the window to rerun (ISO-8601)'),
});
/** `GET /api/audit` query. */
export const auditQuery = z.strictObject({
  action: z.string().optional(),
  actor: z.string().optional(),
  limit: limit(100),
  offset,
});
/** `POST /api/tokens` body. */
export const createTokenBody = z.strictObject({ name: z.string().min(1).max(64), role: roleName });

/** `?env=` of secrets and deployments: the environment, default the server's `--env`. */
export const envQuery = z.strictObject({
  env: z.string().min(1).describe("default: the server's --env").optional(),
});
/** `GET /api/secrets`. */
export const secretNames = z.object({ environment: z.string(), names: z.array(z.string()) });
/** `PUT /api/secrets/:name` body (write-only). */
export const secretBody = z.strictObject({ value: z.string().min(1) });

const flag = (description: string) => z.boolean().default(false).describe(description);
/** `POST /api/deployments/rollback` query. */
export const deployQuery = envQuery.extend({
  whatIf: flag('plan only: return the diff, change nothing'),
  yes: flag("apply an approved deployment to a protected environment (like the CLI's --yes)"),
});
/** `POST /api/deployments` query. */
export const deployBundleQuery = deployQuery.extend({
  approve: flag('approve the pending deployment of this bundle instead (not by its requester)'),
  request: flag(
    'only record the approval request of a protected environment; 409 deploy/not-protected otherwise',
  ),
});
/** `:id` of a deployment or pending approval. */
export const deploymentIdParams = z.strictObject({ id: z.string().min(1).max(200) });
/** `POST /api/deployments/:id/reject` body (optional): why, kept in the history. */
export const deploymentRejectBody = z.strictObject({ reason: z.string().max(500).optional() });

/** `GET /api/runs/:id/logs` query: one activity's logs only. */
export const logQuery = z.strictObject({ activity: z.string().min(1).optional() });
/** `GET /api/health`. */
export const health = z.object({ status: z.enum(['ok']) });

/** `GET /api/whoami`: the token's owner and role (what a UI may offer). */
export const whoami = z.object({ name: z.string(), role: roleName });
/** `data` of a `run` event of `GET /api/events` (Server-Sent Events): a run or activity run changed status. */
export const runChange = z.object({
  kind: z.enum(['run-created', 'run-started', 'run-finished', 'activity-started', 'activity-finished']),
  runId: z.string(),
  pipeline: z.string().optional(),
  status: z.string().optional(),
  activityName: z.string().optional(),
});
/** `GET /api/environments` item: an environment of millrace.json or a preview environment. */
export const environment = z.object({
  name: z.string(),
  protected: z.boolean(),
  preview: z.object({ from: z.string(), createdAt: z.string() }).optional(),
});
/** `GET /api/environments`; `default`: the server's `--env`. */
export const environmentList = z.object({ items: z.array(environment), default: z.string().optional() });

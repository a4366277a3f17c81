/**
 * Wire types of the REST API: what the web UI (type-only) and HTTP clients see. Times are ISO-8601 strings.
 * Each is the `z.output` of its shape in `api-schemas.ts`, from which the route schemas and `/openapi.json`
 * are generated: one definition per shape.
 */
import type { z } from 'zod';
import type * as api from './api-schemas.js';
import type * as deployApi from './deploy-api-schemas.js';
import type * as modelApi from './model-api-schemas.js';

import type { ApiJson } from './api-schemas.js';

export type { ApiJson };

/** Wire values are never changed in place: every object and array of a shape is read-only (JSON values as they are). */
type DeepReadonly<T> = [ApiJson] extends [T]
  ? T
  : T extends (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
/** The wire type of a shape. */
type Wire<S extends z.ZodType> = DeepReadonly<z.output<S>>;
/** Every 4xx/5xx body. `field` names the bad request field (`body.parameters`, `querystring.limit`). */
export type ApiError = Wire<typeof api.apiError>;
/** Roles of API tokens, weakest first. */
export type ApiRoleName = Wire<typeof api.roleName>;
/** `GET /api/pipelines` item. */
export type ApiPipelineSummary = Wire<typeof api.pipelineSummary>;
/** `GET /api/pipelines/:name`: the summary plus the pipeline resource (secure defaults masked). */
export type ApiPipelineDetail = Wire<typeof api.pipelineDetail>;
/** A validation finding of `GET /api/pipelines/:name`. */
export type ApiFinding = Wire<typeof api.finding>;
/** `GET /api/datasets` item. */
export type ApiDataset = Wire<typeof api.dataset>;
/** `GET /api/linked-services` item. */
export type ApiLinkedService = Wire<typeof api.linkedService>;
/** `GET /api/triggers` item: the trigger and its effective runtime state. */
export type ApiTrigger = Wire<typeof api.trigger>;
/** `GET /api/triggers`. */
export type ApiTriggerList = Wire<typeof api.triggerList>;
/** `GET /api/triggers/:name`. */
export type ApiTriggerDetail = Wire<typeof api.triggerDetail>;
/** `POST /api/triggers/:name/start|stop`. */
export type ApiTriggerState = Wire<typeof api.triggerState>;
/** A trigger run: one schedule occurrence, tumbling window or storage event, and its pipeline run. */
export type ApiTriggerRun = Wire<typeof api.triggerRun>;
/** `GET /api/triggers/:name/runs` and `/windows`, newest first. */
export type ApiTriggerRunPage = Wire<typeof api.triggerRunPage>;
/** `POST /api/triggers/:name/backfill` (202). */
export type ApiBackfill = Wire<typeof api.backfill>;
/** `POST /api/triggers/:name/windows/rerun` (202). */
export type ApiWindowRerun = Wire<typeof api.windowRerun>;
/** A pipeline run in lists. */
export type ApiRunSummary = Wire<typeof api.runSummary>;
/** `GET /api/runs`. */
export type ApiRunPage = Wire<typeof api.runPage>;
/** An activity run of a run document. */
export type ApiActivityRun = Wire<typeof api.activityRun>;
/** `GET /api/runs/:id`: the run document (the `millrace run --json` contract). */
export type ApiRunDocument = Wire<typeof api.runDocument>;
/** `POST /api/pipelines/:name/runs` and `POST /api/runs/:id/rerun` (202). */
export type ApiRunStarted = Wire<typeof api.runStarted>;
/** `GET /api/runs/:id/logs` item. */
export type ApiActivityLog = Wire<typeof api.activityLog>;
/** `data` of a `log` event of `GET /api/runs/:id/logs/stream` (Server-Sent Events). */
export type ApiLogLine = Wire<typeof api.logLine>;
/** `GET /api/audit` item. */
export type ApiAuditEntry = Wire<typeof api.auditEntry>;
/** `GET /api/tokens` item (never the token). */
export type ApiToken = Wire<typeof api.token>;
/** `GET /api/whoami`. */
export type ApiWhoami = Wire<typeof api.whoami>;
/** `data` of a `run` event of `GET /api/events` (Server-Sent Events). */
export type ApiRunChange = Wire<typeof api.runChange>;
/** `GET /api/environments`. */
export type ApiEnvironmentList = Wire<typeof api.environmentList>;
/** `GET /api/models/serving`. */
export type ApiServingState = Wire<typeof modelApi.servingState>;
/** `GET /api/models` item. */
export type ApiRegisteredModel = Wire<typeof modelApi.registeredModel>;
/** `GET /api/models/:name/versions` item. */
export type ApiModelVersion = Wire<typeof modelApi.modelVersion>;
/** A model promotion (`GET /api/models/promotions` item, `POST …/promote`, `POST …/approve`). */
export type ApiPromotion = Wire<typeof modelApi.promotion>;
/** `GET /api/models/:name/history`. */
export type ApiModelHistory = Wire<typeof modelApi.modelHistory>;
/** `GET /api/deployments`. */
export type ApiDeployHistory = Wire<typeof deployApi.deployHistory>;
/** An applied deployment (`deployments[]` of the history). */
export type ApiDeploymentRecord = Wire<typeof deployApi.deploymentRecord>;
/** A deployment waiting for (or having) an approval; `POST /api/deployments/:id/approve`. */
export type ApiPendingDeployment = Wire<typeof deployApi.pendingDeployment>;
/** A rejected or withdrawn deployment request; `POST /api/deployments/:id/reject`. */
export type ApiClosedDeployment = Wire<typeof deployApi.closedDeployment>;
/** `GET /api/deployments/:id`. */
export type ApiDeploymentLookup = Wire<typeof deployApi.deploymentLookup>;
/** `POST /api/deployments/rollback` (and `POST /api/deployments` without `approve`). */
export type ApiDeployOutcome = Wire<typeof deployApi.deployOutcome>;
/** `POST /api/deployments`: the outcome, or with `approve=true` the approved request. */
export type ApiDeployOrApproval = Wire<typeof deployApi.deployOrApproval>;
/** `POST /api/models/:name/rollback`. */
export type ApiModelRollback = Wire<typeof modelApi.rollbackResult>;
/** `POST /api/runs/:id/rerun` body (what the client sends: defaults left out). */
export type ApiRerunRequest = DeepReadonly<z.input<typeof api.rerunBody>>;

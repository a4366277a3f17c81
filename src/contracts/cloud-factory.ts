import type { JsonObject, JsonValue } from '../model/index.js';

/**
 * Kinds of Data Factory child resources a cloud deploy writes, in dependency order: the factory's global
 * parameters (one resource, `default`), integration runtimes and credentials before the linked services that
 * use them, then datasets, data flows, pipelines, triggers.
 */
export const CLOUD_RESOURCE_KINDS = [
  'globalParameters',
  'integrationRuntime',
  'credential',
  'linkedService',
  'dataset',
  'dataflow',
  'pipeline',
  'trigger',
] as const;
export type CloudResourceKind = (typeof CLOUD_RESOURCE_KINDS)[number];

/** A resource as the factory holds it: its name and `properties` (ADF's resource JSON without id/etag). */
export interface CloudResource {
  readonly name: string;
  readonly properties: JsonObject;
}

/** A pipeline run in the factory (`pipelineRuns.get`). */
export interface CloudPipelineRun {
  readonly runId: string;
  readonly pipelineName: string;
  /** Queued, InProgress, Succeeded, Failed, Canceling, Cancelled. */
  readonly status: string;
  readonly message?: string;
  readonly runStart?: string;
  readonly runEnd?: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** An activity run of a pipeline run (`activityRuns.queryByPipelineRun`). */
export interface CloudActivityRun {
  readonly activityRunId: string;
  readonly activityName: string;
  readonly activityType: string;
  readonly status: string;
  readonly start?: string;
  readonly end?: string;
  readonly durationMs?: number;
  readonly output?: JsonValue;
  readonly error?: { readonly errorCode: string; readonly message: string };
}

/**
 * A live Azure Data Factory (the target of a cloud deploy and of `run --remote`). Implementations call the
 * ARM Data Factory API; every failure is a MillraceError `cloud/azure-failed` naming the ARM error code.
 */
export interface CloudFactory {
  /** `<subscription>/<resourceGroup>/<factory>`, for messages. */
  readonly location: string;
  list(kind: CloudResourceKind, signal?: AbortSignal): Promise<CloudResource[]>;
  /** Creates or replaces a resource. */
  put(kind: CloudResourceKind, name: string, properties: JsonObject, signal?: AbortSignal): Promise<void>;
  delete(kind: CloudResourceKind, name: string, signal?: AbortSignal): Promise<void>;
  /** Starts or stops a trigger and waits for the long-running operation to end. */
  setTriggerState(name: string, state: 'Started' | 'Stopped', signal?: AbortSignal): Promise<void>;
  createRun(
    pipeline: string,
    parameters: Readonly<Record<string, JsonValue>>,
    signal?: AbortSignal,
  ): Promise<string>;
  getRun(runId: string, signal?: AbortSignal): Promise<CloudPipelineRun>;
  activityRuns(runId: string, signal?: AbortSignal): Promise<CloudActivityRun[]>;
}

/** A Databricks workspace (Workspace API 2.0 and Secrets API 2.0). */
export interface CloudWorkspace {
  /** The workspace URL, for messages. */
  readonly host: string;
  mkdirs(path: string, signal?: AbortSignal): Promise<void>;
  /** Imports a notebook in SOURCE format, overwriting what is there. */
  importNotebook(path: string, content: string, language: string, signal?: AbortSignal): Promise<void>;
  /** The notebook's source (`workspace/export` format SOURCE), or undefined when there is none. */
  exportNotebook(path: string, signal?: AbortSignal): Promise<string | undefined>;
  listScopes(signal?: AbortSignal): Promise<string[]>;
  createScope(scope: string, signal?: AbortSignal): Promise<void>;
  putSecret(scope: string, key: string, value: string, signal?: AbortSignal): Promise<void>;
  /** Keys (no values: the API never returns them) of a scope. */
  listSecrets(scope: string, signal?: AbortSignal): Promise<string[]>;
}

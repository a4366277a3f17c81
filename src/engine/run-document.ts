import type { ActivityRunRecord, PipelineRunRecord } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';

/** A file an activity run kept (a notebook's `display()` output), path relative to the project. */
export interface ActivityArtifact {
  readonly name: string;
  readonly path: string;
}

/** One activity run in the run document (DESIGN.md contract). */
export interface ActivityRunDocument {
  readonly activityName: string;
  readonly activityType: string;
  readonly status: string;
  readonly start: string;
  readonly end: string | null;
  readonly durationMs: number | null;
  /** Set on runs nested in ForEach/Until/IfCondition/Switch. */
  readonly iteration?: string;
  /** Present from the second attempt on. */
  readonly attempt?: number;
  /** The evaluated input (typeProperties after expressions); `********` under `policy.secureInput`. */
  readonly input?: JsonValue;
  readonly output?: JsonValue;
  readonly error?: { readonly errorCode: string; readonly message: string };
  /** On an `Inactive` run: the status it is marked as, which its dependents saw (`onInactiveMarkAs`). */
  readonly markedAs?: string;
  /** On a rerun: the earlier run's activity run whose result this one keeps (nothing executed). */
  readonly reusedFrom?: string;
  /** Files the activity run kept (`display()`/`displayHTML()` of a notebook), added by the app from its folder. */
  readonly artifacts?: readonly ActivityArtifact[];
}

/** What `millrace run --json` prints and the API returns for a run (DESIGN.md; a stable contract). */
export interface RunDocument {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: string;
  readonly message?: string;
  readonly parameters: Readonly<Record<string, JsonValue>>;
  readonly variables: Readonly<Record<string, JsonValue>>;
  readonly output: JsonValue;
  readonly start: string | null;
  readonly end: string | null;
  readonly durationMs: number | null;
  readonly contentHash: string;
  readonly invokedBy: PipelineRunRecord['invokedBy'];
  /** The environment the run ran in (`--env`); absent for a run with the project's own settings. */
  readonly environment?: string;
  readonly activityRuns: readonly ActivityRunDocument[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** A run in lists (`GET /api/runs`): the run document's header, with its group and queue time. */
export interface RunSummary {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: string;
  readonly message?: string;
  readonly groupId: string;
  readonly invokedBy: PipelineRunRecord['invokedBy'];
  readonly environment?: string;
  readonly queuedAt: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly durationMs: number | null;
}

/** Start, end (ISO-8601, null until known) and duration of a stored run: one rule for documents and lists. */
function runTimes(run: PipelineRunRecord): Pick<RunDocument, 'start' | 'end' | 'durationMs'> {
  return {
    start: iso(run.start),
    end: iso(run.end),
    durationMs: run.start !== undefined && run.end !== undefined ? run.end - run.start : null,
  };
}

/** Builds the summary of a stored run (already masked). */
export function buildRunSummary(run: PipelineRunRecord): RunSummary {
  return {
    runId: run.runId,
    pipeline: run.pipeline,
    status: run.status,
    ...(run.message === undefined ? {} : { message: run.message }),
    groupId: run.groupId,
    invokedBy: run.invokedBy,
    ...(run.environment === undefined ? {} : { environment: run.environment }),
    queuedAt: new Date(run.queuedAt).toISOString(),
    ...runTimes(run),
  };
}

/** Builds the run document from stored records (already masked). */
export function buildRunDocument(
  run: PipelineRunRecord,
  activityRuns: readonly ActivityRunRecord[],
): RunDocument {
  return {
    runId: run.runId,
    pipeline: run.pipeline,
    status: run.status,
    ...(run.message === undefined ? {} : { message: run.message }),
    parameters: run.parameters,
    variables: run.variables,
    output: run.output,
    ...runTimes(run),
    contentHash: run.contentHash,
    invokedBy: run.invokedBy,
    ...(run.environment === undefined ? {} : { environment: run.environment }),
    activityRuns: activityRuns.map((a) => ({
      activityName: a.activityName,
      activityType: a.activityType,
      status: a.status,
      start: new Date(a.start).toISOString(),
      end: iso(a.end),
      durationMs: a.end === undefined ? null : a.end - a.start,
      ...(a.markedAs === undefined ? {} : { markedAs: a.markedAs }),
      ...(a.reusedFrom === undefined ? {} : { reusedFrom: a.reusedFrom }),
      ...(a.iteration === undefined ? {} : { iteration: a.iteration }),
      ...(a.attempt > 1 ? { attempt: a.attempt } : {}),
      ...(a.input === undefined ? {} : { input: a.input }),
      ...(a.output === undefined ? {} : { output: a.output }),
      ...(a.error === undefined ? {} : { error: { errorCode: a.error.errorCode, message: a.error.message } }),
    })),
  };
}

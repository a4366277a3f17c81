import type { ActivityRunRecord, OrphanedRun, PipelineRunRecord, RunStatus } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';

/** A `pipeline_runs` row. */
export interface RunRow {
  run_id: string;
  pipeline: string;
  status: string;
  message: string | null;
  parameters: string;
  variables: string;
  output: string;
  group_id: string;
  invoked_by: string;
  content_hash: string;
  queued_at: string;
  start_time: string | null;
  end_time: string | null;
  owner: string | null;
  interrupted: number;
  environment: string | null;
}

/** An `activity_runs` row. */
export interface ActivityRow {
  activity_run_id: string;
  run_id: string;
  seq: number;
  activity_name: string;
  activity_type: string;
  status: string;
  iteration: string | null;
  attempt: number;
  start_time: string;
  end_time: string | null;
  input: string | null;
  output: string | null;
  error: string | null;
  reused_from: string | null;
  marked_as: string | null;
}

/** Epoch ms → ISO-8601 UTC text (sorts correctly as text). */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO text → epoch ms. */
export function fromIso(iso: string): number {
  return Date.parse(iso);
}

/** JSON text of a value; undefined stays NULL. */
export function toJsonText(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

function parse(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

/** Row → record; optional columns that are NULL are left out. */
export function runFromRow(row: RunRow): PipelineRunRecord {
  return {
    runId: row.run_id,
    pipeline: row.pipeline,
    status: row.status as PipelineRunRecord['status'],
    ...(row.message === null ? {} : { message: row.message }),
    parameters: parse(row.parameters) as PipelineRunRecord['parameters'],
    variables: parse(row.variables) as PipelineRunRecord['variables'],
    output: parse(row.output),
    groupId: row.group_id,
    invokedBy: JSON.parse(row.invoked_by) as PipelineRunRecord['invokedBy'],
    contentHash: row.content_hash,
    queuedAt: fromIso(row.queued_at),
    ...(row.start_time === null ? {} : { start: fromIso(row.start_time) }),
    ...(row.end_time === null ? {} : { end: fromIso(row.end_time) }),
    ...(row.owner === null ? {} : { owner: row.owner }),
    ...(row.interrupted ? { interrupted: true } : {}),
    ...(row.environment === null || row.environment === undefined ? {} : { environment: row.environment }),
  };
}

/** Row → record. */
export function activityFromRow(row: ActivityRow): ActivityRunRecord {
  return {
    activityRunId: row.activity_run_id,
    runId: row.run_id,
    seq: row.seq,
    activityName: row.activity_name,
    activityType: row.activity_type,
    status: row.status as ActivityRunRecord['status'],
    ...(row.iteration === null ? {} : { iteration: row.iteration }),
    attempt: row.attempt,
    start: fromIso(row.start_time),
    ...(row.end_time === null ? {} : { end: fromIso(row.end_time) }),
    ...(row.input === null ? {} : { input: parse(row.input) }),
    ...(row.output === null ? {} : { output: parse(row.output) }),
    ...(row.error === null ? {} : { error: JSON.parse(row.error) as ActivityRunRecord['error'] }),
    ...(row.reused_from === null ? {} : { reusedFrom: row.reused_from }),
    ...(row.marked_as === null
      ? {}
      : { markedAs: row.marked_as as NonNullable<ActivityRunRecord['markedAs']> }),
  };
}

/** Record → row. */
export function activityRow(a: ActivityRunRecord): ActivityRow {
  return {
    activity_run_id: a.activityRunId,
    run_id: a.runId,
    seq: a.seq,
    activity_name: a.activityName,
    activity_type: a.activityType,
    status: a.status,
    iteration: a.iteration ?? null,
    attempt: a.attempt,
    start_time: toIso(a.start),
    end_time: a.end === undefined ? null : toIso(a.end),
    input: toJsonText(a.input),
    output: toJsonText(a.output),
    error: toJsonText(a.error),
    reused_from: a.reusedFrom ?? null,
    marked_as: a.markedAs ?? null,
  };
}

/** The columns an orphan query selects (SQLite and PostgreSQL alike). */
export interface OrphanRow {
  run_id: string;
  pipeline: string;
  owner: string;
  status: string;
  environment: string | null;
  /** The last heartbeat, else the start, else the queue time. */
  beat: string;
  parent: string | null;
}

/** The rows whose owner is gone, as orphaned runs, oldest heartbeat first. */
export function orphansOf(
  rows: readonly OrphanRow[],
  isOwnerAlive: (owner: string, heartbeat: number) => boolean,
): OrphanedRun[] {
  return rows
    .map((r) => ({ row: r, heartbeat: Date.parse(r.beat) }))
    .filter(({ row, heartbeat }) => !isOwnerAlive(row.owner, heartbeat))
    .sort((a, b) => a.heartbeat - b.heartbeat)
    .map(({ row, heartbeat }) => ({
      runId: row.run_id,
      pipeline: row.pipeline,
      status: row.status as RunStatus,
      owner: row.owner,
      heartbeat,
      ...(row.parent === null ? {} : { parentRunId: row.parent }),
      ...(row.environment === null ? {} : { environment: row.environment }),
    }));
}

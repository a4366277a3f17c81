import type { TriggerRunRecord, TriggerRunStatus } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
import { fromIso, toIso } from './sqlite/sqlite-rows.js';

/** A `trigger_runs` row (SQLite and PostgreSQL share the columns). */
export interface TriggerRunRow {
  trigger_name: string;
  run_key: string;
  kind: string;
  pipeline: string;
  status: string;
  run_id: string | null;
  trigger_run_id: string | null;
  attempt: number;
  scheduled_time: string;
  window_start: string | null;
  window_end: string | null;
  payload: string | null;
  fired_at: string | null;
  ended_at: string | null;
  next_attempt_at: string | null;
  message: string | null;
}

/** Epoch ms → ISO text, undefined → NULL. */
export const isoOrNull = (ms: number | undefined): string | null => (ms === undefined ? null : toIso(ms));

/** Row → record; NULL columns are left out. */
export function triggerRunFromRow(r: TriggerRunRow): TriggerRunRecord {
  return {
    trigger: r.trigger_name,
    key: r.run_key,
    kind: r.kind as TriggerRunRecord['kind'],
    pipeline: r.pipeline,
    status: r.status as TriggerRunStatus,
    attempt: r.attempt,
    scheduledTime: fromIso(r.scheduled_time),
    ...(r.run_id === null ? {} : { runId: r.run_id }),
    ...(r.trigger_run_id === null ? {} : { triggerRunId: r.trigger_run_id }),
    ...(r.window_start === null ? {} : { windowStart: fromIso(r.window_start) }),
    ...(r.window_end === null ? {} : { windowEnd: fromIso(r.window_end) }),
    ...(r.payload === null ? {} : { payload: JSON.parse(r.payload) as JsonValue }),
    ...(r.fired_at === null ? {} : { firedAt: fromIso(r.fired_at) }),
    ...(r.ended_at === null ? {} : { endedAt: fromIso(r.ended_at) }),
    ...(r.next_attempt_at === null ? {} : { nextAttemptAt: fromIso(r.next_attempt_at) }),
    ...(r.message === null ? {} : { message: r.message }),
  };
}

/** Record → row. */
export function triggerRunToRow(r: TriggerRunRecord): TriggerRunRow {
  return {
    trigger_name: r.trigger,
    run_key: r.key,
    kind: r.kind,
    pipeline: r.pipeline,
    status: r.status,
    run_id: r.runId ?? null,
    trigger_run_id: r.triggerRunId ?? null,
    attempt: r.attempt,
    scheduled_time: toIso(r.scheduledTime),
    window_start: isoOrNull(r.windowStart),
    window_end: isoOrNull(r.windowEnd),
    payload: r.payload === undefined ? null : JSON.stringify(r.payload),
    fired_at: isoOrNull(r.firedAt),
    ended_at: isoOrNull(r.endedAt),
    next_attempt_at: isoOrNull(r.nextAttemptAt),
    message: r.message ?? null,
  };
}

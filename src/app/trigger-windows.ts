import type { TriggerRunRecord, TriggerStore } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import { lastDueWindowIndex, windowAt, windowIndexAt, windowKey } from '../triggers/index.js';
import type { TriggerDefinition, TumblingWindowTriggerDefinition } from '../triggers/index.js';

/** Most windows one backfill may queue (each is a row and, later, a run). */
export const MAX_BACKFILL_WINDOWS = 10_000;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The definition, if it is a tumbling window trigger; else `trigger/not-tumbling-window`. */
export function tumblingWindow(def: TriggerDefinition): TumblingWindowTriggerDefinition {
  if (def.type !== 'TumblingWindowTrigger') {
    throw new ConfigError({
      code: 'trigger/not-tumbling-window',
      message: `trigger "${def.name}" is a ${def.type}; windows, backfill and window reruns need a TumblingWindowTrigger`,
    });
  }
  return def;
}

/**
 * Checks a backfill range `[from, to)` at `now`: not empty, no window that is not due yet (the scheduler
 * would start it early), at most MAX_BACKFILL_WINDOWS windows.
 * @throws ConfigError `trigger/invalid-range`
 */
export function checkBackfillRange(
  def: TumblingWindowTriggerDefinition,
  from: number,
  to: number,
  now: number,
): void {
  const bad = (message: string): never => {
    throw new ConfigError({
      code: 'trigger/invalid-range',
      message: `backfill of "${def.name}": ${message}`,
    });
  };
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    bad(`from (${iso(from)}) must be before to (${iso(to)})`);
  }
  const spec = def.window;
  const lastDue = lastDueWindowIndex(spec, now);
  const upcoming = windowAt(spec, Math.max(lastDue + 1, 0));
  const inRange = spec.endTime === undefined || upcoming.end <= spec.endTime;
  if (inRange && upcoming.start < to) {
    bad(`windows starting at ${iso(upcoming.start)} or later are not due yet; end the range by then`);
  }
  const count = Math.min(windowIndexAt(spec, to - 1), lastDue) - Math.max(0, windowIndexAt(spec, from)) + 1;
  if (count > MAX_BACKFILL_WINDOWS) {
    bad(`the range holds ${count} windows; at most ${MAX_BACKFILL_WINDOWS} per backfill`);
  }
}

/**
 * The finished window of `def` starting at `windowStart`, which may be rerun.
 * @throws ConfigError `trigger/unknown-window` (none starts there), `trigger/window-running`
 */
export async function rerunnableWindow(
  store: TriggerStore,
  def: TumblingWindowTriggerDefinition,
  windowStart: number,
): Promise<TriggerRunRecord> {
  const run = Number.isFinite(windowStart)
    ? await store.getTriggerRun(def.name, windowKey(windowStart))
    : undefined;
  if (!run) {
    throw new ConfigError({
      code: 'trigger/unknown-window',
      message: `trigger "${def.name}" has no window starting at ${Number.isFinite(windowStart) ? iso(windowStart) : String(windowStart)}`,
      hint: 'list its windows (GET /api/triggers/<name>/windows), or backfill the range first',
    });
  }
  if (run.status === 'Running') {
    throw new ConfigError({
      code: 'trigger/window-running',
      message: `window ${run.key} of trigger "${def.name}" is running (run ${run.runId ?? '?'}); rerun it once it ends`,
    });
  }
  return run;
}

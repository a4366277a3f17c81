import type { TriggerRunRecord } from '../contracts/index.js';
import { claimAndStart } from './fire.js';
import type { FireContext } from './fire.js';
import type { TriggerDefinition, TumblingWindowTriggerDefinition } from './trigger-definition.js';
import type { TimeWindow } from './tumbling-windows.js';
import {
  dependencyRange,
  isWindowInRange,
  lastDueWindowIndex,
  windowAt,
  windowDueAt,
  windowIndexAt,
  windowsOverlapping,
} from './tumbling-windows.js';

/** The fewest Waiting windows a pass reads (enough to look past some whose dependencies are not met yet). */
export const WAITING_READ_MIN = 64;

/** Lets timers and I/O (API requests, a stop signal) run between two starts. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The key of a window's trigger run: its start as ISO 8601 UTC. */
export const windowKey = (start: number): string => new Date(start).toISOString();

/** A window as a Waiting trigger run. */
export function waitingWindow(def: TumblingWindowTriggerDefinition, w: TimeWindow): TriggerRunRecord {
  return {
    trigger: def.name,
    key: windowKey(w.start),
    kind: 'window',
    pipeline: def.pipelines[0]?.pipeline ?? '',
    status: 'Waiting',
    attempt: 0,
    scheduledTime: windowDueAt(def.window, w),
    windowStart: w.start,
    windowEnd: w.end,
  };
}

/** True when every window a dependency (another trigger's, or the trigger's own earlier ones) requires has Succeeded. */
async function dependenciesMet(
  ctx: FireContext,
  def: TumblingWindowTriggerDefinition,
  w: TimeWindow,
  defs: ReadonlyMap<string, TriggerDefinition>,
): Promise<boolean> {
  for (const dep of def.window.dependsOn) {
    const ref = dep.trigger === undefined ? def : defs.get(dep.trigger);
    if (ref?.type !== 'TumblingWindowTrigger') return false;
    const range = dependencyRange(w, dep);
    for (const needed of windowsOverlapping(ref.window, range.from, range.to)) {
      if (ref === def && needed.index === w.index) continue;
      const r = await ctx.options.triggerStore.getTriggerRun(ref.name, windowKey(needed.start));
      if (r?.status !== 'Succeeded') return false;
    }
  }
  return true;
}

/**
 * One pass over a tumbling window trigger: queues the windows that became due (past ones first: backfill
 * from `startTime`, in batches), then starts Waiting windows oldest first while fewer than `maxConcurrency`
 * run and their dependencies have succeeded. Returns when the next window (or retry) is due.
 */
export async function windowPass(
  ctx: FireContext,
  def: TumblingWindowTriggerDefinition,
  defs: ReadonlyMap<string, TriggerDefinition>,
  now: number,
): Promise<number> {
  const spec = def.window;
  const ts = ctx.options.triggerStore;
  const last = lastDueWindowIndex(spec, now);
  const [latest] = await ts.listTriggerRuns({ trigger: def.name, kind: 'window', order: 'desc', limit: 1 });
  const from = latest?.windowStart === undefined ? 0 : windowIndexAt(spec, latest.windowStart) + 1;
  const to = Math.min(last, from + (ctx.options.backfillBatch ?? 500) - 1);
  if (from <= to) {
    const batch: TriggerRunRecord[] = [];
    for (let i = from; i <= to; i++) batch.push(waitingWindow(def, windowAt(spec, i)));
    await ts.enqueue(batch);
  }
  const upcoming = windowAt(spec, Math.max(last + 1, 0));
  let next = to < last ? now : isWindowInRange(spec, upcoming) ? windowDueAt(spec, upcoming) : Infinity;
  const running = await ts.listTriggerRuns({ trigger: def.name, status: 'Running' });
  let slots = spec.maxConcurrency - running.length;
  if (slots <= 0) return next;
  // A backlog of thousands of windows is read a few slots' worth at a time, oldest first: a pass stays short, so
  // the API and shutdown are never starved however long the backlog (windows further back wait their turn).
  const waiting = await ts.listTriggerRuns({
    trigger: def.name,
    status: 'Waiting',
    kind: 'window',
    limit: Math.max(slots * 4, WAITING_READ_MIN),
  });
  for (const r of waiting) {
    if (slots <= 0) break;
    if (r.windowStart === undefined || r.windowEnd === undefined) continue;
    if (r.nextAttemptAt !== undefined && r.nextAttemptAt > now) {
      next = Math.min(next, r.nextAttemptAt);
      continue;
    }
    const w = { index: windowIndexAt(spec, r.windowStart), start: r.windowStart, end: r.windowEnd };
    if (!(await dependenciesMet(ctx, def, w, defs))) continue; // re-checked when a window finishes
    const { status: _s, attempt: _a, ...req } = r;
    if (await claimAndStart(ctx, def, req)) slots--;
    await yieldToEventLoop();
  }
  return next;
}

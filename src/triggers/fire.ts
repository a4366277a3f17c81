import type { TriggerClaim, TriggerRunOutcome, TriggerRunRecord } from '../contracts/index.js';
import type { JsonObject } from '../model/index.js';
import type { SchedulerEvent, SchedulerOptions } from './scheduler-types.js';
import type { TriggerDefinition } from './trigger-definition.js';
import { triggerTimestamp } from './time-zone.js';

/** What starting and finishing trigger runs needs from the scheduler. */
export interface FireContext {
  readonly options: SchedulerOptions;
  /** Completion watchers of the runs this scheduler started, by `trigger\0key`. */
  readonly inflight: Map<string, Promise<void>>;
  readonly emit: (event: SchedulerEvent) => void;
  readonly wake: () => void;
}

/** A trigger run to claim, without the ids and time `claimAndStart` fills in. */
export type ClaimRequest = Omit<TriggerClaim, 'runId' | 'triggerRunId' | 'now'>;

export const inflightKey = (trigger: string, key: string): string => `${trigger}\u0000${key}`;

/** `trigger()` of a trigger run (https://learn.microsoft.com/azure/data-factory/control-flow-system-variables#trigger-scope): scheduledTime and startTime, plus the window outputs. */
function triggerScope(run: TriggerRunRecord, firedAt: number): JsonObject {
  const base: JsonObject = {
    scheduledTime: triggerTimestamp(run.scheduledTime),
    startTime: triggerTimestamp(firedAt),
  };
  if (run.kind === 'window' && run.windowStart !== undefined && run.windowEnd !== undefined) {
    return {
      ...base,
      outputs: {
        windowStartTime: triggerTimestamp(run.windowStart),
        windowEndTime: triggerTimestamp(run.windowEnd),
      },
    };
  }
  if (run.kind === 'blob')
    return { startTime: base['startTime'] ?? null, outputs: { body: run.payload ?? null } };
  return base;
}

/**
 * Ends an attempt: a failed tumbling window with retries left goes back to Waiting until
 * `retryPolicy.intervalInSeconds` has passed; everything else takes the run's final status.
 */
export async function finishAttempt(
  ctx: FireContext,
  def: TriggerDefinition,
  run: TriggerRunRecord,
  status: 'Succeeded' | 'Failed' | 'Cancelled',
  message: string | undefined,
  /** A crash of the process running it ended the attempt, not its pipeline. */
  interrupted = false,
): Promise<void> {
  const { clock, triggerStore } = ctx.options;
  const now = clock.now();
  const window = def.type === 'TumblingWindowTrigger';
  const retry = window && status === 'Failed' && run.attempt <= def.window.retry.count;
  // As ADF's service does, a window whose attempt a crash interrupted runs again at once: one attempt more than
  // its retry policy allows (so a window with no retry policy is not lost to a crash, and one that crashes its
  // process every time still ends).
  const rerun = window && interrupted && !retry && run.attempt <= def.window.retry.count + 1;
  const outcome: TriggerRunOutcome = rerun
    ? { status: 'Waiting', endedAt: now, nextAttemptAt: now, message: 'interrupted: run again on recovery' }
    : retry
      ? {
          status: 'Waiting',
          endedAt: now,
          nextAttemptAt: now + def.window.retry.intervalMs,
          message: message ?? 'failed',
        }
      : { status, endedAt: now, ...(message === undefined ? {} : { message }) };
  if (!run.runId) return;
  if (await triggerStore.finish(run.trigger, run.key, run.runId, outcome)) {
    ctx.emit({ kind: 'finished', at: now, run: { ...run, ...outcome } });
  }
  ctx.wake();
}

/**
 * The exactly-once step: claims the trigger run (recording the pipeline run id first), then starts the
 * pipeline run and watches it. Returns false when the claim lost (already running or finished).
 */
export async function claimAndStart(
  ctx: FireContext,
  def: TriggerDefinition,
  req: ClaimRequest,
): Promise<boolean> {
  const { clock, ids, triggerStore, startRun } = ctx.options;
  const now = clock.now();
  const run = await triggerStore.claim({ ...req, runId: ids.newRunId(), triggerRunId: ids.newRunId(), now });
  if (!run?.runId) return false;
  ctx.emit({ kind: 'fired', at: now, run });
  const ref = def.pipelines.find((p) => p.pipeline === run.pipeline) ?? def.pipelines[0];
  let watch: Promise<void>;
  try {
    const handle = startRun({
      pipeline: run.pipeline,
      runId: run.runId,
      trigger: {
        type: def.type,
        name: def.name,
        id: run.triggerRunId ?? run.runId,
        time: now,
        trigger: triggerScope(run, now),
        ...(run.kind === 'blob' && run.payload !== undefined ? { triggerBody: run.payload } : {}),
        parameters: ref?.parameters ?? {},
      },
    });
    watch = handle.result.then(
      (r) =>
        finishAttempt(
          ctx,
          def,
          run,
          r.status === 'Succeeded' ? 'Succeeded' : r.status === 'Cancelled' ? 'Cancelled' : 'Failed',
          r.message,
        ),
      (err: unknown) =>
        finishAttempt(ctx, def, run, 'Failed', err instanceof Error ? err.message : String(err)),
    );
  } catch (err) {
    // Bad input (unknown pipeline, a parameter that does not evaluate): nothing started; the trigger run fails.
    watch = finishAttempt(ctx, def, run, 'Failed', err instanceof Error ? err.message : String(err));
  }
  const key = inflightKey(run.trigger, run.key);
  const tracked = watch
    .catch((error: unknown) => ctx.emit({ kind: 'error', at: clock.now(), trigger: def.name, error }))
    .finally(() => ctx.inflight.delete(key));
  ctx.inflight.set(key, tracked);
  return true;
}

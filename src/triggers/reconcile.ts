import { INTERRUPTED_MESSAGE, isFinalRunStatus, RUN_LEASE_MS } from '../contracts/index.js';
import { finishAttempt, inflightKey } from './fire.js';
import type { FireContext } from './fire.js';
import type { TriggerDefinition } from './trigger-definition.js';

/**
 * Settles trigger runs left Running by another or an earlier scheduler process (not watched by this one): when
 * the pipeline run has ended, the trigger run takes its status (a window a crash `interrupted` runs again once,
 * beyond its retryPolicy); when the run never got recorded (a crash between claim and start) and the claim is
 * older than a run lease, the trigger run goes back to Waiting and starts again; a run still going in a live
 * process is left alone. Runs of a dead scheduler end through the run store's lease recovery.
 */
export async function reconcile(
  ctx: FireContext,
  defs: ReadonlyMap<string, TriggerDefinition>,
): Promise<void> {
  const { triggerStore, store, clock } = ctx.options;
  for (const r of await triggerStore.listTriggerRuns({ status: 'Running', limit: 10_000 })) {
    if (!r.runId || ctx.inflight.has(inflightKey(r.trigger, r.key))) continue;
    const run = await store.getRun(r.runId);
    const def = defs.get(r.trigger);
    if (!run) {
      const now = clock.now();
      // Another live scheduler may be between its claim and its run's first write: only a claim older than a
      // run lease is one whose process died before starting the run.
      if (r.firedAt !== undefined && now - r.firedAt < RUN_LEASE_MS) continue;
      await triggerStore.finish(r.trigger, r.key, r.runId, {
        status: 'Waiting',
        endedAt: now,
        nextAttemptAt: now,
        message: 'the scheduler stopped before the run started',
      });
      continue;
    }
    if (!isFinalRunStatus(run.status)) continue;
    const status =
      run.status === 'Succeeded' ? 'Succeeded' : run.status === 'Cancelled' ? 'Cancelled' : 'Failed';
    const message = run.interrupted ? INTERRUPTED_MESSAGE : run.message;
    if (def) await finishAttempt(ctx, def, r, status, message, run.interrupted === true);
    else
      await triggerStore.finish(r.trigger, r.key, r.runId, {
        status,
        endedAt: clock.now(),
        ...(message ? { message } : {}),
      });
  }
}

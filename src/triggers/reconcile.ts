import { INTERRUPTED_MESSAGE, isFinalRunStatus } from '../contracts/index.js';
import { finishAttempt, inflightKey } from './fire.js';
import type { FireContext } from './fire.js';
import type { TriggerDefinition } from './trigger-definition.js';

/**
 * Settles trigger runs left Running by an earlier scheduler process (not watched by this one): when the
 * pipeline run has ended, the trigger run takes its status (an `interrupted` run counts as Failed, and a
 * window retries per its retryPolicy); when the run never got recorded (a crash between claim and start),
 * the trigger run goes back to Waiting and starts again; a run still going in a live process is left alone.
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
    if (def) await finishAttempt(ctx, def, r, status, message);
    else
      await triggerStore.finish(r.trigger, r.key, r.runId, {
        status,
        endedAt: clock.now(),
        ...(message ? { message } : {}),
      });
  }
}

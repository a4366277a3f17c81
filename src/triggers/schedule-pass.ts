import { claimAndStart } from './fire.js';
import type { FireContext } from './fire.js';
import { nextFireTimes } from './schedule-recurrence.js';
import type { ScheduleTriggerDefinition } from './trigger-definition.js';

/**
 * One pass over a schedule trigger: claims and starts every occurrence due since the later of the schedule
 * watermark and `floor` (schedule triggers do not backfill: `floor` is the scheduler start minus the misfire
 * grace), one trigger run per pipeline. Returns the next occurrence.
 */
export async function schedulePass(
  ctx: FireContext,
  def: ScheduleTriggerDefinition,
  now: number,
  floor: number,
): Promise<number> {
  const ts = ctx.options.triggerStore;
  const last = await ts.getLastScheduledTime(def.name);
  // From just before the watermark: a crash between the claims of one occurrence's pipelines loses none.
  const after = Math.max(floor - 1, (last ?? -Infinity) - 1);
  const due = nextFireTimes(def.recurrence, after, 1000).filter((t) => t <= now);
  for (const t of due) {
    for (const p of def.pipelines) {
      await claimAndStart(ctx, def, {
        trigger: def.name,
        key: `${new Date(t).toISOString()}|${p.pipeline}`,
        kind: 'schedule',
        pipeline: p.pipeline,
        scheduledTime: t,
      });
    }
  }
  for (const r of await ts.listTriggerRuns({ trigger: def.name, status: 'Waiting', kind: 'schedule' })) {
    if ((r.nextAttemptAt ?? 0) > now) continue;
    const { status: _s, attempt: _a, ...req } = r;
    await claimAndStart(ctx, def, req);
  }
  return nextFireTimes(def.recurrence, now, 1)[0] ?? Infinity;
}

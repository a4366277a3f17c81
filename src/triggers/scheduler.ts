import type { TriggerRuntimeState } from '../contracts/index.js';
import { blobPass } from './blob-pass.js';
import type { FireContext } from './fire.js';
import { reconcile } from './reconcile.js';
import { schedulePass } from './schedule-pass.js';
import type { Scheduler, SchedulerEvent, SchedulerOptions, TriggerStatus } from './scheduler-types.js';
import type { TriggerDefinition } from './trigger-definition.js';
import { parseTriggerDefinition } from './trigger-definition.js';
import { isWindowInRange, windowAt, windowIndexAt } from './tumbling-windows.js';
import { waitingWindow, windowKey, windowPass } from './window-pass.js';

/** Parses the factory's triggers; an invalid one is reported through `onError` and left out. */
export function triggerDefinitions(
  triggers: SchedulerOptions['factory']['triggers'],
  onError: (trigger: string, error: unknown) => void,
): Map<string, TriggerDefinition> {
  const defs = new Map<string, TriggerDefinition>();
  for (const t of triggers.values()) {
    try {
      const d = parseTriggerDefinition(t);
      if (d) defs.set(d.name, d);
    } catch (err) {
      onError(t.name, err);
    }
  }
  return defs;
}

/**
 * Creates the trigger scheduler. Like Dagster's daemon it is a loop that yields: each pass reconciles
 * leftovers of a crashed process, fires what is due (schedule occurrences, tumbling windows, storage events),
 * reports a heartbeat, and sleeps on the injected clock until the next due time (at most `pollMs`).
 * Every start goes through the trigger store's `claim`, so a trigger run starts exactly once, across restarts.
 *
 * @example
 * const scheduler = createScheduler({ clock, ids, store, triggerStore, startRun: engine.startRun, factory });
 * const stop = new AbortController();
 * await scheduler.run(stop.signal); // until stop.abort()
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock, triggerStore } = options;
  const emit = (e: SchedulerEvent): void => options.onEvent?.(e);
  const defs = triggerDefinitions(options.factory.triggers, (trigger, error) =>
    emit({ kind: 'error', at: clock.now(), trigger, error }),
  );
  let wakeController = new AbortController();
  let wakeRequested = false;
  const wake = (): void => {
    wakeRequested = true;
    wakeController.abort();
  };
  const ctx: FireContext = { options, inflight: new Map(), emit, wake };
  const firstSeen = new Map<string, number>();
  let reconciled = false;

  const list = async (): Promise<TriggerStatus[]> => {
    const stored = new Map((await triggerStore.listStates()).map((s) => [s.trigger, s]));
    return [...defs.values()].map((definition): TriggerStatus => {
      const s = stored.get(definition.name);
      if (s) return { definition, runtimeState: s.runtimeState, source: 'store' };
      const env = options.runtimeStates?.[definition.name];
      if (env) return { definition, runtimeState: env, source: 'environment' };
      const own: TriggerRuntimeState = definition.runtimeState === 'Started' ? 'Started' : 'Stopped';
      return { definition, runtimeState: own, source: 'factory' };
    });
  };

  const tick = async (): Promise<number> => {
    if (!reconciled) {
      await reconcile(ctx, defs);
      reconciled = true;
    }
    const states = new Map((await triggerStore.listStates()).map((s) => [s.trigger, s.changedAt]));
    let next = Infinity;
    for (const t of await list()) {
      const def = t.definition;
      if (t.runtimeState !== 'Started') {
        firstSeen.delete(def.name);
        continue;
      }
      const now = clock.now();
      if (!firstSeen.has(def.name)) firstSeen.set(def.name, now);
      const startedAt = states.get(def.name) ?? 0;
      try {
        if (def.type === 'ScheduleTrigger') {
          const floor = Math.max(
            (firstSeen.get(def.name) ?? now) - (options.misfireGraceMs ?? 60_000),
            startedAt,
          );
          next = Math.min(next, await schedulePass(ctx, def, now, floor));
        } else if (def.type === 'TumblingWindowTrigger') {
          next = Math.min(next, await windowPass(ctx, def, defs, now));
        } else {
          await blobPass(ctx, def, now, startedAt);
        }
      } catch (error) {
        emit({ kind: 'error', at: clock.now(), trigger: def.name, error });
      }
    }
    // Runs that finished while the scheduler was down, or in another process, settle on later passes too.
    await reconcile(ctx, defs);
    return next;
  };

  const sleep = async (duration: number, signal: AbortSignal): Promise<void> => {
    let ms = duration;
    wakeController = new AbortController();
    if (wakeRequested) {
      // woken during the pass: run the next one at once (after yielding)
      wakeRequested = false;
      ms = 0;
    }
    const both = new AbortController();
    const abort = (): void => both.abort();
    signal.addEventListener('abort', abort, { once: true });
    wakeController.signal.addEventListener('abort', abort, { once: true });
    try {
      await clock.sleep(ms, both.signal);
    } catch {
      // woken early or stopped: both end the sleep
    } finally {
      signal.removeEventListener('abort', abort);
      wakeRequested = false;
    }
  };

  return {
    tick,
    wake,
    list,
    async run(signal) {
      const pollMs = options.pollMs ?? 1000;
      while (!signal.aborted) {
        let next: number;
        try {
          next = await tick();
        } catch (error) {
          emit({ kind: 'error', at: clock.now(), error });
          next = clock.now() + pollMs;
        }
        const now = clock.now();
        emit({ kind: 'heartbeat', at: now, nextWakeAt: next });
        if (signal.aborted) break;
        await sleep(Math.max(0, Math.min(next - now, pollMs)), signal);
      }
    },
    async backfill(trigger, from, to) {
      const def = defs.get(trigger);
      if (def?.type !== 'TumblingWindowTrigger') {
        throw new Error(`"${trigger}" is not a tumbling window trigger`);
      }
      let n = 0;
      for (let i = Math.max(0, windowIndexAt(def.window, from)); ; i++) {
        const w = windowAt(def.window, i);
        if (w.start >= to || !isWindowInRange(def.window, w)) break;
        if (w.start < from) continue;
        await triggerStore.enqueue([waitingWindow(def, w)]);
        await triggerStore.requeue(trigger, windowKey(w.start), clock.now());
        n++;
      }
      ctx.wake();
      return n;
    },
    async rerunWindow(trigger, windowStart) {
      const ok = await triggerStore.requeue(trigger, windowKey(windowStart), clock.now());
      ctx.wake();
      return ok;
    },
    async idle() {
      while (ctx.inflight.size > 0) await Promise.all([...ctx.inflight.values()]);
    },
  };
}

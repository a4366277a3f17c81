import { describe, expect, it } from 'vitest';
import type { TriggerRunQuery, TriggerStore } from '../contracts/index.js';
import { FakeClock } from '../engine/testing/fake-clock.js';
import { createMemoryRunStore, MemoryTriggerStore } from '../store/index.js';
import { createScheduler } from '../triggers/index.js';
import type { StartedRun } from './testing/trigger-testing.js';
import { fakeRunner, triggerResource } from './testing/trigger-testing.js';

// Issue 15, item 4: a backlog of thousands of tumbling windows is worked off a few windows at a time, within
// maxConcurrency, and no pass reads the whole backlog (a long pass starves the API and shutdown).

const MIN = 60_000;
const START = Date.parse('2024-01-01T00:00:00Z');
const BACKLOG = 2_000;

describe('a tumbling-window backlog', () => {
  it(`works off ${BACKLOG} due windows within maxConcurrency, reading a bounded slice per pass`, async () => {
    const clock = new FakeClock(START + BACKLOG * MIN);
    const store = createMemoryRunStore();
    const inner = new MemoryTriggerStore();
    const waitingReads: number[] = [];
    // The real store, with every read of Waiting windows measured.
    const triggerStore = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'listTriggerRuns') {
          return async (q: TriggerRunQuery) => {
            const rows = await target.listTriggerRuns(q);
            if (q.status === 'Waiting') waitingReads.push(rows.length);
            return rows;
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as TriggerStore;
    const log: StartedRun[] = [];
    const scheduler = createScheduler({
      clock,
      ids: {
        newRunId: (() => {
          let n = 0;
          return () => `r${n++}`;
        })(),
      },
      store,
      triggerStore,
      startRun: fakeRunner(clock, store, { durationMs: 0, crash: new AbortController().signal, log }),
      backfillBatch: 1_000,
      factory: {
        triggers: new Map([
          [
            'TR_Minutes',
            triggerResource('TR_Minutes', {
              type: 'TumblingWindowTrigger',
              runtimeState: 'Started',
              pipeline: { pipelineReference: { referenceName: 'PL', type: 'PipelineReference' } },
              typeProperties: {
                frequency: 'Minute',
                interval: 1,
                startTime: new Date(START).toISOString(),
                maxConcurrency: 4,
              },
            }),
          ],
        ]),
      },
    });
    let passes = 0;
    while (passes < 5_000) {
      await scheduler.tick();
      passes++;
      await clock.sleep(0); // runs of zero duration finish
      await scheduler.idle();
      const done = await inner.listTriggerRuns({ trigger: 'TR_Minutes', status: 'Succeeded', limit: 10_000 });
      if (done.length >= BACKLOG) break;
    }
    const all = await inner.listTriggerRuns({ trigger: 'TR_Minutes', limit: 10_000 });
    expect(all).toHaveLength(BACKLOG);
    expect(all.every((w) => w.status === 'Succeeded')).toBe(true);
    expect(log).toHaveLength(BACKLOG); // each window ran once
    // No pass read more than a few slots' worth of the thousands waiting.
    expect(Math.max(...waitingReads)).toBeLessThanOrEqual(64);
    expect(waitingReads.length).toBeGreaterThan(BACKLOG / 4 - 1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriggerClaim, TriggerRunRecord, TriggerStore } from '../trigger-store.js';

/** Makes a fresh, empty trigger store; `reopen` (optional) opens the same storage again after `close()`. */
export interface TriggerStoreFactory {
  create(): Promise<TriggerStore>;
  reopen?: (() => Promise<TriggerStore>) | undefined;
}

/** A claim with defaults for the fields a test does not care about. */
function claimOf(overrides: Partial<TriggerClaim> & { key: string }): TriggerClaim {
  return {
    trigger: 'TR',
    kind: 'schedule',
    pipeline: 'PL',
    scheduledTime: 1_000,
    runId: `run-${overrides.key}`,
    triggerRunId: `tr-${overrides.key}`,
    now: 1_000,
    ...overrides,
  };
}

/** A Waiting trigger run with defaults. */
function waiting(overrides: Partial<TriggerRunRecord> & { key: string }): TriggerRunRecord {
  return {
    trigger: 'TR',
    kind: 'window',
    pipeline: 'PL',
    status: 'Waiting',
    attempt: 0,
    scheduledTime: 1_000,
    ...overrides,
  };
}

/**
 * The TriggerStore contract: every implementation (memory, SQLite, and the PostgreSQL store of scale-out)
 * runs this suite.
 * @example triggerStoreContractSuite('memory', { create: async () => new MemoryTriggerStore() });
 */
export function triggerStoreContractSuite(name: string, factory: TriggerStoreFactory): void {
  describe(`TriggerStore contract: ${name}`, () => {
    let store: TriggerStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps runtime states, the last one set winning, listed by trigger name', async () => {
      expect(await store.getState('B')).toBeUndefined();
      await store.setState('B', 'Started', 10);
      await store.setState('A', 'Started', 20);
      await store.setState('B', 'Stopped', 30);
      expect(await store.getState('B')).toEqual({ trigger: 'B', runtimeState: 'Stopped', changedAt: 30 });
      expect(await store.listStates()).toEqual([
        { trigger: 'A', runtimeState: 'Started', changedAt: 20 },
        { trigger: 'B', runtimeState: 'Stopped', changedAt: 30 },
      ]);
    });

    it('claims a key exactly once, and records the run id with the claim', async () => {
      const first = await store.claim(claimOf({ key: 'k1', now: 1_500 }));
      expect(first).toMatchObject({
        trigger: 'TR',
        key: 'k1',
        kind: 'schedule',
        pipeline: 'PL',
        status: 'Running',
        runId: 'run-k1',
        triggerRunId: 'tr-k1',
        attempt: 1,
        scheduledTime: 1_000,
        firedAt: 1_500,
      });
      expect(await store.claim(claimOf({ key: 'k1', runId: 'other' }))).toBeUndefined();
      expect(await store.getTriggerRun('TR', 'k1')).toMatchObject({ status: 'Running', runId: 'run-k1' });
      expect(await store.getTriggerRun('TR', 'nope')).toBeUndefined();
    });

    it('advances the schedule watermark with schedule claims only, never backwards', async () => {
      expect(await store.getLastScheduledTime('TR')).toBeUndefined();
      await store.claim(claimOf({ key: 'a', scheduledTime: 5_000 }));
      await store.claim(claimOf({ key: 'b', scheduledTime: 3_000 }));
      await store.claim(claimOf({ key: 'w', kind: 'window', scheduledTime: 9_000 }));
      expect(await store.getLastScheduledTime('TR')).toBe(5_000);
      expect(await store.getLastScheduledTime('OTHER')).toBeUndefined();
    });

    it('finishes only the Running attempt with its run id', async () => {
      await store.claim(claimOf({ key: 'k' }));
      expect(await store.finish('TR', 'k', 'wrong-run', { status: 'Succeeded', endedAt: 2_000 })).toBe(false);
      expect(
        await store.finish('TR', 'k', 'run-k', { status: 'Failed', endedAt: 2_000, message: 'boom' }),
      ).toBe(true);
      expect(await store.getTriggerRun('TR', 'k')).toMatchObject({
        status: 'Failed',
        endedAt: 2_000,
        message: 'boom',
      });
      expect(await store.finish('TR', 'k', 'run-k', { status: 'Succeeded', endedAt: 3_000 })).toBe(false);
      expect(await store.claim(claimOf({ key: 'k', runId: 'again' }))).toBeUndefined();
    });

    it('retries a Waiting attempt only once its retry time has come, counting attempts', async () => {
      await store.claim(claimOf({ key: 'r', kind: 'window', windowStart: 0, windowEnd: 1_000 }));
      await store.finish('TR', 'r', 'run-r', {
        status: 'Waiting',
        endedAt: 2_000,
        message: 'retry',
        nextAttemptAt: 5_000,
      });
      expect(await store.getTriggerRun('TR', 'r')).toMatchObject({ status: 'Waiting', nextAttemptAt: 5_000 });
      expect(
        await store.claim(claimOf({ key: 'r', kind: 'window', runId: 'r2', now: 4_999 })),
      ).toBeUndefined();
      const second = await store.claim(claimOf({ key: 'r', kind: 'window', runId: 'r2', now: 5_000 }));
      expect(second).toMatchObject({
        status: 'Running',
        runId: 'r2',
        attempt: 2,
        firedAt: 5_000,
        windowStart: 0,
        windowEnd: 1_000,
      });
      expect(second?.nextAttemptAt).toBeUndefined();
      expect(second?.endedAt).toBeUndefined();
    });

    it('enqueues Waiting runs, keeping existing keys, and claims them', async () => {
      await store.enqueue([waiting({ key: 'w1', payload: { fileName: 'a.csv' } }), waiting({ key: 'w2' })]);
      await store.enqueue([waiting({ key: 'w1', pipeline: 'CHANGED' })]);
      expect(await store.getTriggerRun('TR', 'w1')).toMatchObject({
        status: 'Waiting',
        attempt: 0,
        pipeline: 'PL',
        payload: { fileName: 'a.csv' },
      });
      const claimed = await store.claim(claimOf({ key: 'w1', kind: 'window', runId: 'x' }));
      expect(claimed).toMatchObject({ status: 'Running', attempt: 1, payload: { fileName: 'a.csv' } });
    });

    it('requeues a finished run, but not a Running or unknown one', async () => {
      await store.claim(claimOf({ key: 'q' }));
      expect(await store.requeue('TR', 'q', 2_000)).toBe(false);
      await store.finish('TR', 'q', 'run-q', { status: 'Failed', endedAt: 2_000 });
      expect(await store.requeue('TR', 'q', 3_000)).toBe(true);
      expect(await store.getTriggerRun('TR', 'q')).toMatchObject({ status: 'Waiting', attempt: 1 });
      expect(await store.requeue('TR', 'missing', 3_000)).toBe(false);
      expect(await store.claim(claimOf({ key: 'q', runId: 'rerun', now: 3_000 }))).toMatchObject({
        attempt: 2,
        runId: 'rerun',
      });
    });

    it('lists trigger runs by trigger, status, kind and time range, ordered and paged', async () => {
      await store.enqueue([
        waiting({ key: 'c', scheduledTime: 3_000 }),
        waiting({ key: 'a', scheduledTime: 1_000 }),
        waiting({ key: 'b', scheduledTime: 2_000, kind: 'blob' }),
        waiting({ key: 'z', trigger: 'OTHER', scheduledTime: 1_500 }),
      ]);
      await store.claim(claimOf({ key: 'a', kind: 'window', scheduledTime: 1_000 }));
      const keys = (runs: readonly TriggerRunRecord[]) => runs.map((r) => r.key);
      expect(keys(await store.listTriggerRuns())).toEqual(['a', 'z', 'b', 'c']);
      expect(keys(await store.listTriggerRuns({ trigger: 'TR', order: 'desc' }))).toEqual(['c', 'b', 'a']);
      expect(keys(await store.listTriggerRuns({ status: 'Running' }))).toEqual(['a']);
      expect(keys(await store.listTriggerRuns({ status: ['Waiting'], trigger: 'TR' }))).toEqual(['b', 'c']);
      expect(keys(await store.listTriggerRuns({ kind: 'blob' }))).toEqual(['b']);
      expect(keys(await store.listTriggerRuns({ from: 1_500, to: 3_000 }))).toEqual(['z', 'b']);
      expect(keys(await store.listTriggerRuns({ limit: 2, offset: 1 }))).toEqual(['z', 'b']);
    });

    it('stores a blob listing with the events it reveals, and forgets it when cleared', async () => {
      expect(await store.getBlobSnapshot('TR')).toBeUndefined();
      const entries = new Map([
        ['landing/a.csv', { size: 3, version: '100' }],
        ['landing/b.csv', { size: 5, version: '200' }],
      ]);
      await store.saveBlobSnapshot('TR', { baselineAt: 10, polledAt: 20, entries }, [
        waiting({ key: 'ev1', kind: 'blob', payload: { fileName: 'b.csv', folderPath: 'landing' } }),
      ]);
      entries.clear(); // the store keeps its own copy
      const saved = await store.getBlobSnapshot('TR');
      expect(saved?.baselineAt).toBe(10);
      expect(saved?.polledAt).toBe(20);
      expect([...(saved?.entries ?? new Map())].sort()).toEqual([
        ['landing/a.csv', { size: 3, version: '100' }],
        ['landing/b.csv', { size: 5, version: '200' }],
      ]);
      expect(await store.getTriggerRun('TR', 'ev1')).toMatchObject({ kind: 'blob', status: 'Waiting' });
      await store.saveBlobSnapshot('TR', { baselineAt: 10, polledAt: 30, entries: new Map() }, []);
      expect((await store.getBlobSnapshot('TR'))?.entries.size).toBe(0);
      await store.clearBlobSnapshot('TR');
      expect(await store.getBlobSnapshot('TR')).toBeUndefined();
      expect(await store.getTriggerRun('TR', 'ev1')).toBeDefined();
    });

    const { reopen } = factory;
    // Only durable stores have something to reopen.
    if (reopen)
      it('keeps everything across a reopen', async () => {
        await store.setState('TR', 'Started', 10);
        await store.claim(claimOf({ key: 'd', scheduledTime: 7_000 }));
        await store.saveBlobSnapshot(
          'TR',
          {
            baselineAt: 1,
            polledAt: 2,
            entries: new Map([['c/f', { size: 1, version: 'v' }]]),
          },
          [],
        );
        await store.close();
        store = await reopen();
        expect(await store.getState('TR')).toMatchObject({ runtimeState: 'Started' });
        expect(await store.getLastScheduledTime('TR')).toBe(7_000);
        expect(await store.getTriggerRun('TR', 'd')).toMatchObject({ status: 'Running', runId: 'run-d' });
        expect((await store.getBlobSnapshot('TR'))?.entries.get('c/f')).toEqual({ size: 1, version: 'v' });
      });
  });
}

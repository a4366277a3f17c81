import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityRunRecord, PipelineRunRecord } from '../run-records.js';
import type { RunStore } from '../run-store.js';

/** Makes a fresh, empty store; `reopen` (optional) reopens the same storage after `close()`. */
export interface RunStoreFactory {
  create(): Promise<RunStore>;
  reopen?: (() => Promise<RunStore>) | undefined;
}

/** A run record with defaults for the fields a test does not care about. */
export function runRecord(overrides: Partial<PipelineRunRecord> & { runId: string }): PipelineRunRecord {
  return {
    pipeline: 'PL',
    status: 'InProgress',
    parameters: {},
    variables: {},
    output: {},
    groupId: overrides.runId,
    invokedBy: { triggerType: 'Manual' },
    contentHash: 'sha256:abc',
    queuedAt: 1_000,
    start: 1_000,
    owner: 'host:1',
    ...overrides,
  };
}

/** An activity run record with defaults. */
export function activityRecord(
  overrides: Partial<ActivityRunRecord> & { activityRunId: string; runId: string },
): ActivityRunRecord {
  return {
    seq: 0,
    activityName: 'A',
    activityType: 'Wait',
    status: 'InProgress',
    attempt: 1,
    start: 1_000,
    ...overrides,
  };
}

/**
 * The RunStore contract: every implementation runs this suite (STYLE.md §6).
 * @example runStoreContractSuite('memory', { create: async () => createMemoryRunStore() });
 */
export function runStoreContractSuite(name: string, factory: RunStoreFactory): void {
  describe(`RunStore contract: ${name}`, () => {
    let store: RunStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('returns a created run with every field', async () => {
      const run = runRecord({
        runId: 'r1',
        parameters: { n: 3, s: 'x', a: [1, { b: null }], o: { deep: ['ü', true] } },
        invokedBy: { triggerType: 'PipelineActivity', parentRunId: 'p0', parentPipeline: 'Parent' },
      });
      store.append({ kind: 'run-created', run });
      await store.flush();
      expect(await store.getRun('r1')).toEqual(run);
      expect(await store.getRun('nope')).toBeUndefined();
      expect(await store.getActivityRuns('nope')).toEqual([]);
    });

    it('moves a queued run to InProgress and then to its final status', async () => {
      store.append({
        kind: 'run-created',
        run: runRecord({ runId: 'r1', status: 'Queued', start: undefined }),
      });
      store.append({ kind: 'run-started', runId: 'r1', start: 2_000 });
      expect((await store.getRun('r1'))?.status).toBe('InProgress');
      store.append({
        kind: 'run-finished',
        runId: 'r1',
        status: 'Failed',
        end: 5_000,
        message: 'Operation on target A failed: boom',
        variables: { v: ['a'] },
        output: { k: 1 },
      });
      await store.flush();
      const run = await store.getRun('r1');
      expect(run).toMatchObject({
        status: 'Failed',
        start: 2_000,
        end: 5_000,
        message: 'Operation on target A failed: boom',
        variables: { v: ['a'] },
        output: { k: 1 },
      });
    });

    it('records activity runs with iteration path, attempt, input, output and error, in start order', async () => {
      store.append({ kind: 'run-created', run: runRecord({ runId: 'r1' }) });
      const a = activityRecord({ activityRunId: 'a1', runId: 'r1', seq: 0, input: { w: 1 } });
      const b = activityRecord({
        activityRunId: 'a2',
        runId: 'r1',
        seq: 1,
        activityName: 'Inner',
        iteration: 'Loop[2]/If(true)',
        attempt: 2,
      });
      store.append({ kind: 'activity-started', activityRun: a, pipeline: 'PL' });
      store.append({ kind: 'activity-started', activityRun: b, pipeline: 'PL' });
      store.append({
        kind: 'activity-finished',
        runId: 'r1',
        activityRunId: 'a1',
        activityName: 'A',
        status: 'Succeeded',
        end: 1_500,
        output: { rows: 2 },
      });
      const error = { errorCode: 'E1', message: 'bad', failureType: 'UserError', target: 'Inner' } as const;
      store.append({
        kind: 'activity-finished',
        runId: 'r1',
        activityRunId: 'a2',
        activityName: 'Inner',
        status: 'Failed',
        end: 1_700,
        input: { late: true },
        error,
      });
      await store.flush();
      const runs = await store.getActivityRuns('r1');
      expect(runs).toEqual([
        { ...a, status: 'Succeeded', end: 1_500, output: { rows: 2 } },
        { ...b, status: 'Failed', end: 1_700, input: { late: true }, error },
      ]);
    });

    it('lists runs with filters, sorting, pagination and a total', async () => {
      for (let i = 0; i < 7; i++) {
        store.append({
          kind: 'run-created',
          run: runRecord({
            runId: `r${i}`,
            pipeline: i % 2 === 0 ? 'Even' : 'Odd',
            status: i < 3 ? 'Succeeded' : 'Failed',
            queuedAt: 1_000 + i,
          }),
        });
      }
      await store.flush();
      const all = await store.listRuns();
      expect(all.total).toBe(7);
      expect(all.runs.map((r) => r.runId)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
      const even = await store.listRuns({ pipeline: 'Even', order: 'asc' });
      expect(even.runs.map((r) => r.runId)).toEqual(['r0', 'r2', 'r4', 'r6']);
      const failedOdd = await store.listRuns({ pipeline: 'Odd', status: 'Failed' });
      expect(failedOdd.runs.map((r) => r.runId)).toEqual(['r5', 'r3']);
      const multi = await store.listRuns({ status: ['Succeeded'], since: 1_001 });
      expect(multi.runs.map((r) => r.runId)).toEqual(['r2', 'r1']);
      const page = await store.listRuns({ limit: 2, offset: 2 });
      expect(page.runs.map((r) => r.runId)).toEqual(['r4', 'r3']);
      expect(page.total).toBe(7);
    });

    it('lists runs by environment and by how they were started', async () => {
      const runs = [
        runRecord({ runId: 'a', environment: 'qa', queuedAt: 1 }),
        runRecord({
          runId: 'b',
          environment: 'prod',
          invokedBy: { triggerType: 'ScheduleTrigger' },
          queuedAt: 2,
        }),
        runRecord({ runId: 'c', invokedBy: { triggerType: 'ScheduleTrigger' }, queuedAt: 3 }),
        runRecord({
          runId: 'd',
          environment: 'qa',
          invokedBy: { triggerType: 'ScheduleTrigger' },
          queuedAt: 4,
        }),
      ];
      for (const run of runs) store.append({ kind: 'run-created', run });
      await store.flush();
      const ids = async (q: Parameters<typeof store.listRuns>[0]) =>
        (await store.listRuns(q)).runs.map((r) => r.runId);
      expect(await ids({ environment: 'qa' })).toEqual(['d', 'a']);
      expect(await ids({ triggerType: 'ScheduleTrigger' })).toEqual(['d', 'c', 'b']);
      expect(await ids({ environment: 'qa', triggerType: 'ScheduleTrigger' })).toEqual(['d']);
      expect((await store.listRuns({ environment: 'nowhere' })).total).toBe(0);
    });

    it('marks an active run Canceling on request, and refuses final or unknown runs', async () => {
      store.append({ kind: 'run-created', run: runRecord({ runId: 'r1' }) });
      store.append({ kind: 'run-created', run: runRecord({ runId: 'r2', status: 'Succeeded' }) });
      expect(await store.requestCancel('r1')).toBe(true);
      expect((await store.getRun('r1'))?.status).toBe('Canceling');
      expect(await store.requestCancel('r2')).toBe(false);
      expect(await store.requestCancel('nope')).toBe(false);
    });

    it('marks runs of a dead owner as interrupted, with their unfinished activity runs', async () => {
      store.append({ kind: 'run-created', run: runRecord({ runId: 'dead', owner: 'h:1' }) });
      store.append({
        kind: 'run-created',
        run: runRecord({ runId: 'queued', owner: 'h:1', status: 'Queued' }),
      });
      store.append({ kind: 'run-created', run: runRecord({ runId: 'alive', owner: 'h:2' }) });
      store.append({
        kind: 'run-created',
        run: runRecord({ runId: 'done', owner: 'h:1', status: 'Succeeded' }),
      });
      store.append({
        kind: 'activity-started',
        activityRun: activityRecord({ activityRunId: 'a1', runId: 'dead' }),
        pipeline: 'PL',
      });
      await store.flush();
      await store.renewLease('h:1', 4_000);
      const seen: [string, number][] = [];
      const ids = await store.recoverInterrupted((owner, beat) => {
        seen.push([owner, beat]);
        return owner === 'h:2';
      }, 9_000);
      expect([...ids].sort()).toEqual(['dead', 'queued']);
      // The owner was last known alive at its heartbeat: the run ended then, not at recovery.
      expect(await store.getRun('dead')).toMatchObject({
        status: 'Failed',
        message: 'interrupted',
        interrupted: true,
        end: 4_000,
      });
      expect(seen).toContainEqual(['h:1', 4_000]);
      expect(seen).toContainEqual(['h:2', 1_000]);
      expect((await store.getRun('alive'))?.status).toBe('InProgress');
      expect((await store.getRun('done'))?.status).toBe('Succeeded');
      const [act] = await store.getActivityRuns('dead');
      expect(act).toMatchObject({ status: 'Failed', end: 4_000, error: { message: 'interrupted' } });
    });

    it("renews leases only of the owner's unfinished runs, and judges liveness by them", async () => {
      store.append({ kind: 'run-created', run: runRecord({ runId: 'mine', owner: 'h:1' }) });
      store.append({ kind: 'run-created', run: runRecord({ runId: 'theirs', owner: 'h:2' }) });
      store.append({
        kind: 'run-created',
        run: runRecord({ runId: 'old', owner: 'h:1', status: 'Succeeded', end: 2_000 }),
      });
      await store.flush();
      await store.renewLease('h:1', 50_000);
      // A lease of 30 s: h:1 beat at 50 s and lives at 60 s; h:2 never beat after its start at 1 s.
      const ids = await store.recoverInterrupted((_owner, beat) => 60_000 - beat < 30_000, 60_000);
      expect(ids).toEqual(['theirs']);
      expect(await store.getRun('theirs')).toMatchObject({ status: 'Failed', end: 1_000, interrupted: true });
      expect((await store.getRun('mine'))?.status).toBe('InProgress');
      expect(await store.getRun('old')).toMatchObject({ status: 'Succeeded', end: 2_000 });
    });

    it('lists orphaned runs without changing them, and lets exactly one process take one over', async () => {
      store.append({
        kind: 'run-created',
        run: runRecord({ runId: 'root', owner: 'h:1', environment: 'qa' }),
      });
      store.append({
        kind: 'run-created',
        run: runRecord({
          runId: 'child',
          owner: 'h:1',
          queuedAt: 2_000,
          start: 2_000,
          invokedBy: { triggerType: 'PipelineActivity', parentRunId: 'root', parentPipeline: 'PL' },
        }),
      });
      store.append({ kind: 'run-created', run: runRecord({ runId: 'alive', owner: 'h:2' }) });
      await store.flush();
      const orphans = await store.listOrphanedRuns((owner) => owner === 'h:2');
      expect(orphans).toEqual([
        {
          runId: 'root',
          pipeline: 'PL',
          status: 'InProgress',
          owner: 'h:1',
          heartbeat: 1_000,
          environment: 'qa',
        },
        {
          runId: 'child',
          pipeline: 'PL',
          status: 'InProgress',
          owner: 'h:1',
          heartbeat: 2_000,
          parentRunId: 'root',
        },
      ]);
      expect((await store.getRun('root'))?.status).toBe('InProgress');
      expect((await store.listRuns({ parentRunId: 'root' })).runs.map((r) => r.runId)).toEqual(['child']);
      // Compare-and-set on the owner: the second taker (and a taker naming the wrong owner) lose.
      expect(await store.takeOverRun('root', 'h:1', 'h:3', 50_000)).toBe(true);
      expect(await store.takeOverRun('root', 'h:1', 'h:4', 50_000)).toBe(false);
      expect(await store.takeOverRun('child', 'h:9', 'h:4', 50_000)).toBe(false);
      expect(await store.getRun('root')).toMatchObject({ owner: 'h:3', status: 'InProgress' });
      // The new owner's fresh heartbeat is what liveness is judged by.
      const left = await store.listOrphanedRuns((owner, beat) => owner === 'h:2' || beat >= 50_000);
      expect(left.map((o) => o.runId)).toEqual(['child']);
      // Recovery of named runs only.
      expect(await store.recoverInterrupted((o) => o === 'h:2', 60_000, ['alive', 'child'])).toEqual([
        'child',
      ]);
      expect((await store.getRun('child'))?.status).toBe('Failed');
      expect((await store.getRun('root'))?.status).toBe('InProgress');
      store.append({
        kind: 'run-finished',
        runId: 'root',
        status: 'Succeeded',
        end: 70_000,
        variables: {},
        output: {},
      });
      await store.flush();
      expect(await store.takeOverRun('root', 'h:3', 'h:5', 80_000)).toBe(false);
    });

    it('ends a run whose cancel was asked for when its owner vanished as Cancelled', async () => {
      store.append({ kind: 'run-created', run: runRecord({ runId: 'c', owner: 'gone:7' }) });
      await store.flush();
      expect(await store.requestCancel('c')).toBe(true);
      expect(await store.recoverInterrupted(() => false, 5_000)).toEqual(['c']);
      expect(await store.getRun('c')).toMatchObject({ status: 'Cancelled', interrupted: true, end: 1_000 });
      expect(await store.requestCancel('c')).toBe(false);
    });

    it('persists a burst of events', async () => {
      store.append({ kind: 'run-created', run: runRecord({ runId: 'r1' }) });
      for (let i = 0; i < 2_000; i++) {
        store.append({
          kind: 'activity-started',
          activityRun: activityRecord({ activityRunId: `a${i}`, runId: 'r1', seq: i, iteration: `L[${i}]` }),
          pipeline: 'PL',
        });
        store.append({
          kind: 'activity-finished',
          runId: 'r1',
          activityRunId: `a${i}`,
          activityName: 'A',
          status: 'Succeeded',
          end: 2_000,
        });
      }
      await store.flush();
      const runs = await store.getActivityRuns('r1');
      expect(runs).toHaveLength(2_000);
      expect(runs[1_999]).toMatchObject({ seq: 1_999, status: 'Succeeded', iteration: 'L[1999]' });
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps everything flushed across close and reopen', async () => {
        store.append({ kind: 'run-created', run: runRecord({ runId: 'r1' }) });
        store.append({
          kind: 'activity-started',
          activityRun: activityRecord({ activityRunId: 'a1', runId: 'r1' }),
          pipeline: 'PL',
        });
        await store.close();
        store = await reopen();
        expect((await store.getRun('r1'))?.status).toBe('InProgress');
        expect(await store.getActivityRuns('r1')).toHaveLength(1);
      });
    }
  });
}

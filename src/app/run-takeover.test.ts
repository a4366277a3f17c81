import { describe, expect, it } from 'vitest';
import type { RunStore } from '../contracts/index.js';
import { activityRecord, runRecord } from '../contracts/testing/run-store-suite.js';
import type { ResumeSource } from '../engine/index.js';
import { createMemoryRunStore, forwardingRunStore } from '../store/index.js';
import { keepTakingOver, takeOverOrphanedRuns } from './run-takeover.js';
import type { TakeoverInput } from './run-takeover.js';

/** A store with the runs of a dead owner `gone:1`: a parent waiting on a child, a fire-and-forget child, another env. */
function deadOwnersRuns(): RunStore {
  const store = createMemoryRunStore();
  store.append({ kind: 'run-created', run: runRecord({ runId: 'parent', owner: 'gone:1' }) });
  store.append({
    kind: 'activity-started',
    activityRun: activityRecord({ activityRunId: 'call', runId: 'parent', activityType: 'ExecutePipeline' }),
    pipeline: 'PL',
  });
  const child = (runId: string, parentActivityRunId: string) =>
    runRecord({
      runId,
      owner: 'gone:1',
      queuedAt: 2_000,
      invokedBy: { triggerType: 'PipelineActivity', parentRunId: 'parent', parentActivityRunId },
    });
  // Waited for by the open ExecutePipeline `call`: it goes on with its parent.
  store.append({ kind: 'run-created', run: child('waited', 'call') });
  // Started by an ExecutePipeline that ended (no wait): nobody resumes it but a takeover of its own.
  store.append({
    kind: 'activity-started',
    activityRun: activityRecord({ activityRunId: 'fired', runId: 'parent', seq: 1, status: 'Succeeded' }),
    pipeline: 'PL',
  });
  store.append({ kind: 'run-created', run: child('loose', 'fired') });
  store.append({
    kind: 'run-created',
    run: runRecord({ runId: 'prod', owner: 'gone:1', environment: 'prod' }),
  });
  store.append({ kind: 'run-created', run: runRecord({ runId: 'alive', owner: 'here:2' }) });
  return store;
}

function input(
  store: RunStore,
  over: Partial<TakeoverInput> = {},
): TakeoverInput & { resumed: ResumeSource[] } {
  const resumed: ResumeSource[] = [];
  return {
    store,
    owner: 'here:2',
    environment: undefined,
    isOwnerAlive: (owner) => owner === 'here:2',
    now: () => 50_000,
    blocker: () => Promise.resolve(undefined),
    resume: (source) => {
      resumed.push(source);
      return Promise.resolve();
    },
    resumed,
    ...over,
  };
}

describe('taking over the runs of a dead owner', () => {
  it('resumes each run once, with the child runs its open ExecutePipeline waits for; others of another env end', async () => {
    const store = deadOwnersRuns();
    const i = input(store);
    const outcomes = await takeOverOrphanedRuns(i);
    expect(outcomes.map((o) => `${o.kind}:${o.runId}`).sort()).toEqual([
      'interrupted:prod',
      'resumed:loose',
      'resumed:parent',
    ]);
    const parent = i.resumed.find((s) => s.record.runId === 'parent');
    expect([...(parent?.children.keys() ?? [])]).toEqual(['call']);
    expect(parent?.children.get('call')?.record.runId).toBe('waited');
    // All taken: owned by this process now (the waited child too), so a second sweep finds nothing.
    for (const id of ['parent', 'waited', 'loose']) expect((await store.getRun(id))?.owner).toBe('here:2');
    expect(await store.getRun('prod')).toMatchObject({ status: 'Failed', interrupted: true });
    expect(await takeOverOrphanedRuns(input(store, { now: () => 51_000 }))).toEqual([]);
  });

  it('ends a run interrupted, with its reason, when it cannot be resumed or fails to start; none stays open', async () => {
    const store = deadOwnersRuns();
    const blocked = await takeOverOrphanedRuns(
      input(store, {
        blocker: (s) => Promise.resolve(s.record.runId === 'loose' ? 'a secure parameter' : undefined),
        resume: (s) =>
          s.record.runId === 'parent' ? Promise.reject(new Error('engine refused')) : Promise.resolve(),
      }),
    );
    expect(
      blocked.filter((o) => o.kind === 'interrupted').map((o) => [o.runId, 'reason' in o ? o.reason : '']),
    ).toEqual(
      expect.arrayContaining([
        ['loose', 'a secure parameter'],
        ['parent', 'engine refused'],
      ]),
    );
    for (const id of ['parent', 'waited', 'loose'])
      expect(await store.getRun(id)).toMatchObject({ status: 'Failed', interrupted: true });
  });

  it('leaves a run another process took first', async () => {
    const store = deadOwnersRuns();
    const i = input(forwardingRunStore(store, { takeOverRun: () => Promise.resolve(false) }));
    const outcomes = await takeOverOrphanedRuns(i);
    expect(outcomes.filter((o) => o.kind === 'resumed')).toEqual([]);
    expect(i.resumed).toEqual([]);
  });

  it('sweeps at once and then every interval until stopped, surviving a failed sweep', async () => {
    const controller = new AbortController();
    let calls = 0;
    const seen: string[] = [];
    const loop = keepTakingOver(
      {
        takeOverOrphanedRuns: () => {
          calls++;
          if (calls === 2) return Promise.reject(new Error('database away'));
          if (calls === 3) controller.abort();
          return Promise.resolve([{ kind: 'resumed', runId: `r${calls}`, pipeline: 'PL', from: 'gone:1' }]);
        },
      },
      controller.signal,
      (o) => seen.push(o.runId),
      5,
    );
    await loop;
    expect(calls).toBe(3);
    expect(seen).toEqual(['r1', 'r3']);
  });
});

import { describe, expect, it } from 'vitest';
import { createRerunSource } from './rerun-source.js';
import { act, createHarness, pipeline, statuses } from './testing/engine-harness.js';

// Deactivated activities: https://learn.microsoft.com/azure/data-factory/deactivate-activity — an activity with
// `"state": "Inactive"` does not run; it is recorded with the status of `onInactiveMarkAs` (default Succeeded),
// and its dependents' conditions see that status.
describe('inactive activities (learn.microsoft.com/azure/data-factory/deactivate-activity)', () => {
  it('records the marked status in the run document and never calls an executor', async () => {
    let calls = 0;
    const counter = { type: 'Count', execute: () => Promise.resolve({ n: ++calls }) };
    const h = createHarness(
      [
        pipeline('P', [
          act('Off', 'Count', {}, [], { state: 'Inactive', onInactiveMarkAs: 'Skipped' }),
          act('Default', 'Count', {}, [], { state: 'Inactive' }),
          act('AfterSkip', 'Succeed', {}, [['Off', 'Skipped']]),
          act('AfterDefault', 'Succeed', {}, [['Default', 'Succeeded']]),
        ]),
      ],
      { executors: [counter] },
    );
    const { doc } = await h.run('P');
    expect(calls).toBe(0);
    const off = doc.activityRuns.find((a) => a.activityName === 'Off');
    expect(off).toMatchObject({ status: 'Inactive', markedAs: 'Skipped' });
    expect(doc.activityRuns.find((a) => a.activityName === 'Default')?.markedAs).toBe('Succeeded');
    expect(statuses(doc)).toMatchObject({ AfterSkip: 'Succeeded', AfterDefault: 'Succeeded' });
  });

  it('does not run what is nested in an inactive container', async () => {
    let calls = 0;
    const counter = { type: 'Count', execute: () => Promise.resolve({ n: ++calls }) };
    const loop = act('Loop', 'ForEach', { items: [1, 2], activities: [act('Inner', 'Count')] }, [], {
      state: 'Inactive',
      onInactiveMarkAs: 'Failed',
    });
    const h = createHarness([pipeline('P', [loop, act('OnFail', 'Succeed', {}, [['Loop', 'Failed']])])], {
      executors: [counter],
    });
    const { doc } = await h.run('P');
    expect(calls).toBe(0);
    expect(statuses(doc)).toEqual({ Loop: 'Inactive', OnFail: 'Succeeded' });
  });

  it('a rerun reuses what succeeded downstream of an inactive activity', async () => {
    let fail = true;
    let downstreamRuns = 0;
    const gate = {
      type: 'Gate',
      execute: () => (fail ? Promise.reject(new Error('closed')) : Promise.resolve({})),
    };
    const counter = { type: 'Count', execute: () => Promise.resolve({ n: ++downstreamRuns }) };
    const h = createHarness(
      [
        pipeline('P', [
          act('Off', 'Count', {}, [], { state: 'Inactive', onInactiveMarkAs: 'Succeeded' }),
          act('After', 'Count', {}, ['Off']),
          act('Gate', 'Gate', {}, ['After']),
        ]),
      ],
      { executors: [gate, counter] },
    );
    const first = await h.run('P');
    expect(first.result.status).toBe('Failed');
    fail = false;
    const rerun = createRerunSource(first.doc.runId, await h.store.getActivityRuns(first.doc.runId));
    const second = await h.run('P', { rerun, groupId: first.doc.runId });
    expect(second.result.status).toBe('Succeeded');
    expect(downstreamRuns).toBe(1);
    const records = await h.store.getActivityRuns(second.doc.runId);
    expect(records.find((r) => r.activityName === 'After')?.reusedFrom).toBeDefined();
    expect(records.find((r) => r.activityName === 'Off')).toMatchObject({
      status: 'Inactive',
      markedAs: 'Succeeded',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { ActivityExecutor, ActivityRunRecord, PipelineRunRecord } from '../contracts/index.js';
import type { JsonObject, PipelineResource } from '../model/index.js';
import type { ResumeSource } from './resume-source.js';
import { resumeBlocker } from './resume-source.js';
import { act, createHarness, expr, pipeline } from './testing/engine-harness.js';
import type { Harness } from './testing/engine-harness.js';

/**
 * A run's orchestrator "dies" (its engine is abandoned mid-run, clock paused, nothing more recorded) and a
 * second engine over a copy of what the first had recorded resumes the run in place.
 */

/** `Work`: counts executions per item; in the first engine it never returns for `block` (the process dies). */
function workExecutor(executed: string[], opened: () => void, block?: string): ActivityExecutor {
  return {
    type: 'Work',
    execute: (ctx) => {
      const key = JSON.stringify((ctx.typeProperties() as JsonObject)['key']).replaceAll('"', '');
      executed.push(key);
      if (key === block) {
        opened();
        return new Promise(() => undefined);
      }
      return Promise.resolve({ key });
    },
  };
}

/** Runs `name` on a first engine until `block` starts, then returns what its store held at that moment. */
async function dieAt(
  pipelines: readonly PipelineResource[],
  name: string,
  block: string,
  executed: string[],
): Promise<{ first: Harness; runId: string }> {
  let opened!: () => void;
  const reached = new Promise<void>((resolve) => (opened = resolve));
  const first = createHarness(pipelines, { executors: [workExecutor(executed, () => opened(), block)] });
  const handle = first.engine.startRun({ pipeline: name });
  await reached;
  first.clock.pause();
  // Let the store take what was emitted before the "crash".
  await new Promise((r) => setTimeout(r, 5));
  return { first, runId: handle.runId };
}

/** The resume source of a run and its child runs, from what the dead engine's store holds. */
function sourceOf(h: Harness, runId: string): ResumeSource {
  const record = structuredClone(h.store.runs.get(runId)) as PipelineRunRecord;
  const activityRuns = [...h.store.activities.values()]
    .filter((a) => a.runId === runId)
    .sort((a, b) => a.seq - b.seq)
    .map((a) => structuredClone(a));
  const children = new Map<string, ResumeSource>();
  for (const child of h.store.runs.values()) {
    const parent = child.invokedBy.parentActivityRunId;
    if (child.invokedBy.parentRunId === runId && parent !== undefined)
      children.set(parent, sourceOf(h, child.runId));
  }
  return { record, activityRuns, children };
}

/** A second engine whose store starts with what the first had recorded. */
function takeOver(pipelines: readonly PipelineResource[], dead: Harness, executed: string[]): Harness {
  const h = createHarness(pipelines, {
    executors: [workExecutor(executed, () => undefined)],
    idPrefix: 'second',
  });
  for (const [id, run] of dead.store.runs) h.store.runs.set(id, structuredClone(run));
  for (const [id, a] of dead.store.activities) h.store.activities.set(id, structuredClone(a));
  return h;
}

const byName = (runs: Iterable<ActivityRunRecord>, runId: string): ActivityRunRecord[] =>
  [...runs].filter((a) => a.runId === runId).sort((a, b) => a.seq - b.seq);

/** Runs `name` until `block` starts, "dies", and resumes the run on a second engine; what each engine did. */
async function dieAndResume(pipelines: readonly PipelineResource[], name: string, block: string) {
  const executed: string[] = [];
  const { first, runId } = await dieAt(pipelines, name, block, executed);
  const second = takeOver(pipelines, first, executed);
  const result = await second.engine.startRun({ pipeline: name, resume: sourceOf(first, runId) }).result;
  return { first, second, runId, result, executed, runs: byName(second.store.activities.values(), runId) };
}

describe('resuming a run whose orchestrator died', () => {
  const loop = (retry: number): PipelineResource =>
    pipeline(
      'PL',
      [
        act('Set', 'SetVariable', { variableName: 'v', value: 'kept' }),
        act(
          'Loop',
          'ForEach',
          {
            items: expr('@createArray(1, 2, 3, 4)'),
            isSequential: true,
            activities: [
              act('Item', 'Work', { key: expr("@concat('item', string(item()))") }, [], {
                policy: { retry, retryIntervalInSeconds: 30 },
              }),
            ],
          },
          ['Set'],
        ),
        act('After', 'Work', { key: expr("@concat('after-', variables('v'))") }, ['Loop']),
      ],
      { variables: { v: { type: 'String' } } },
    );

  it('keeps what ended, retries the lost attempt by its policy and goes on under the same ids', async () => {
    const executed: string[] = [];
    const pipelines = [loop(1)];
    const { first, runId } = await dieAt(pipelines, 'PL', 'item3', executed);
    const before = byName(first.store.activities.values(), runId);
    const forEachId = before.find((a) => a.activityName === 'Loop')?.activityRunId;

    const second = takeOver(pipelines, first, executed);
    const result = await second.engine.startRun({ pipeline: 'PL', resume: sourceOf(first, runId) }).result;

    expect(result.status).toBe('Succeeded');
    // Items 1 and 2 ran once (before the death); item 3 ran again, then 4 and After (with the restored variable).
    expect(executed).toEqual(['item1', 'item2', 'item3', 'item3', 'item4', 'after-kept']);
    expect(second.store.events.some((e) => e.kind === 'run-created')).toBe(false);
    const after = byName(second.store.activities.values(), runId);
    // One ForEach activity run, continued under its id; nothing recorded before is recorded again.
    expect(after.filter((a) => a.activityName === 'Loop').map((a) => a.activityRunId)).toEqual([forEachId]);
    expect(after.filter((a) => a.activityName === 'Set')).toHaveLength(1);
    const item3 = after.filter((a) => a.iteration === 'Loop[2]');
    expect(item3.map((a) => [a.attempt, a.status, a.error?.errorCode])).toEqual([
      [1, 'Failed', 'OrchestratorLost'],
      [2, 'Succeeded', undefined],
    ]);
    // Sequence numbers go on after the dead engine's.
    const lastBefore = Math.max(...before.map((a) => a.seq));
    expect(
      after.filter((a) => !before.some((b) => b.activityRunId === a.activityRunId)).map((a) => a.seq),
    ).toSatisfy((seqs: number[]) => seqs.length > 0 && seqs.every((s) => s > lastBefore));
    expect(second.store.runs.get(runId)).toMatchObject({ status: 'Succeeded', variables: { v: 'kept' } });
  });

  it('goes back to an attempt still going on elsewhere (reattach) instead of running it again', async () => {
    const executed: string[] = [];
    const pipelines = [loop(0)];
    const { first, runId } = await dieAt(pipelines, 'PL', 'item3', executed);
    const reattached: string[] = [];
    const second = createHarness(pipelines, {
      executors: [
        {
          ...workExecutor(executed, () => undefined),
          reattach: (ctx) => {
            reattached.push(`${ctx.activityRunId}#${ctx.attempt}`);
            return Promise.resolve({ key: 'finished elsewhere' });
          },
        },
      ],
      idPrefix: 'second',
    });
    for (const [id, run] of first.store.runs) second.store.runs.set(id, structuredClone(run));
    for (const [id, a] of first.store.activities) second.store.activities.set(id, structuredClone(a));
    const inFlight = [...first.store.activities.values()].find((a) => a.iteration === 'Loop[2]');
    const result = await second.engine.startRun({ pipeline: 'PL', resume: sourceOf(first, runId) }).result;
    expect(result.status).toBe('Succeeded');
    // Retry 0 and yet no failure: the attempt was not lost, it went on (under its own id and number).
    expect(reattached).toEqual([`${inFlight?.activityRunId}#1`]);
    expect(executed).toEqual(['item1', 'item2', 'item3', 'item4', 'after-kept']);
    const item3 = byName(second.store.activities.values(), runId).filter((a) => a.iteration === 'Loop[2]');
    expect(item3.map((a) => [a.activityRunId, a.attempt, a.status, a.output])).toEqual([
      [inFlight?.activityRunId, 1, 'Succeeded', { key: 'finished elsewhere' }],
    ]);
  });

  it('fails the lost attempt when the retry policy has no attempt left, and the run by its dependencies', async () => {
    const { result, executed, runs } = await dieAndResume([loop(0)], 'PL', 'item3');
    expect(result.status).toBe('Failed');
    // A failed iteration does not stop a ForEach (ADF); what depends on the ForEach does not run.
    expect(executed).toEqual(['item1', 'item2', 'item3', 'item4']);
    expect(runs.find((a) => a.iteration === 'Loop[2]')).toMatchObject({
      status: 'Failed',
      error: { errorCode: 'OrchestratorLost' },
    });
    expect(runs.every((a) => a.status !== 'InProgress')).toBe(true);
  });

  it('goes on with the child run an ExecutePipeline had started, under its run id', async () => {
    const child = pipeline('Child', [act('Inner', 'Work', { key: 'inner' }, [], { policy: { retry: 2 } })]);
    const parent = pipeline('Parent', [
      act('Call', 'ExecutePipeline', {
        pipeline: { referenceName: 'Child', type: 'PipelineReference' },
        waitOnCompletion: true,
      }),
      act('Next', 'Work', { key: expr("@activity('Call').output.pipelineRunId") }, ['Call']),
    ]);
    const executed: string[] = [];
    const pipelines = [child, parent];
    const { first, runId } = await dieAt(pipelines, 'Parent', 'inner', executed);
    const childRunId = [...first.store.runs.values()].find((r) => r.pipeline === 'Child')?.runId;
    const second = takeOver(pipelines, first, executed);
    const source = sourceOf(first, runId);
    expect(source.children.size).toBe(1);
    const result = await second.engine.startRun({ pipeline: 'Parent', resume: source }).result;
    expect(result.status).toBe('Succeeded');
    expect(executed).toEqual(['inner', 'inner', childRunId]);
    // No second child run: the one started before the death went on.
    expect([...second.store.runs.values()].map((r) => `${r.pipeline}:${r.status}`).sort()).toEqual([
      'Child:Succeeded',
      'Parent:Succeeded',
    ]);
    expect(second.store.runs.get(childRunId ?? '')?.status).toBe('Succeeded');
  });

  it('resumes an Until at the iteration it was in, without judging earlier ones by later variables', async () => {
    const body = [
      act('Next', 'SetVariable', { variableName: 'tmp', value: expr("@add(variables('i'), 1)") }),
      act('Bump', 'SetVariable', { variableName: 'i', value: expr("@variables('tmp')") }, ['Next']),
      act('Do', 'Work', { key: expr("@concat('u', string(variables('i')))") }, ['Bump'], {
        policy: { retry: 1 },
      }),
    ];
    const pipelines = [
      pipeline(
        'U',
        [act('Loop', 'Until', { expression: expr("@greaterOrEquals(variables('i'), 3)"), activities: body })],
        {
          variables: { i: { type: 'Integer', defaultValue: 0 }, tmp: { type: 'Integer', defaultValue: 0 } },
        },
      ),
    ];
    const { second, runId, result, executed, runs } = await dieAndResume(pipelines, 'U', 'u3');
    expect(result.status).toBe('Succeeded');
    // The restored i is 3; judged after iteration 0 it would end the loop with u3 never finished.
    expect(executed).toEqual(['u1', 'u2', 'u3', 'u3']);
    expect(runs.filter((a) => a.activityName === 'Do').map((a) => `${a.iteration}:${a.status}`)).toEqual([
      'Loop[0]:Succeeded',
      'Loop[1]:Succeeded',
      'Loop[2]:Failed',
      'Loop[2]:Succeeded',
    ]);
    expect(second.store.runs.get(runId)?.variables).toEqual({ i: 3, tmp: 3 });
  });

  it('retries a failed attempt that was waiting for its retry, after what is left of the interval', async () => {
    let calls = 0;
    let failed!: () => void;
    const gate = new Promise<void>((resolve) => (failed = resolve));
    const failOnce: ActivityExecutor = {
      type: 'FailOnce',
      execute: () => {
        calls++;
        if (calls > 1) return Promise.resolve({ calls });
        setTimeout(failed, 0);
        return Promise.reject(new Error('first attempt fails'));
      },
    };
    const pipelines = [
      pipeline('R', [act('Try', 'FailOnce', {}, [], { policy: { retry: 2, retryIntervalInSeconds: 60 } })]),
    ];
    const first = createHarness(pipelines, { executors: [failOnce] });
    first.clock.pause(); // time stands still: it dies while sleeping before attempt 2
    const handle = first.engine.startRun({ pipeline: 'R' });
    await gate;
    await new Promise((r) => setTimeout(r, 5));
    const second = createHarness(pipelines, { executors: [failOnce], idPrefix: 'second' });
    for (const [id, run] of first.store.runs) second.store.runs.set(id, structuredClone(run));
    for (const [id, a] of first.store.activities) second.store.activities.set(id, structuredClone(a));
    const source = sourceOf(first, handle.runId);
    expect(source.activityRuns.map((a) => a.status)).toEqual(['Failed']);
    const startedAt = second.clock.now();
    const result = await second.engine.startRun({ pipeline: 'R', resume: source }).result;
    expect(result.status).toBe('Succeeded');
    const runs = byName(second.store.activities.values(), handle.runId);
    expect(runs.map((a) => [a.attempt, a.status])).toEqual([
      [1, 'Failed'],
      [2, 'Succeeded'],
    ]);
    // Both clocks start at the same instant and the first attempt ended then: the full minute is still owed.
    expect((runs[1]?.start ?? 0) - startedAt).toBe(60_000);
  });

  it('refuses what it cannot resume faithfully: another factory version, a secure parameter', () => {
    const record: PipelineRunRecord = {
      runId: 'r',
      pipeline: 'PL',
      status: 'InProgress',
      parameters: { key: '********' },
      variables: {},
      output: {},
      groupId: 'r',
      invokedBy: { triggerType: 'Manual' },
      contentHash: 'sha256:a',
      queuedAt: 0,
    };
    const source = { record, activityRuns: [], children: new Map() };
    expect(resumeBlocker(source, 'sha256:b')).toMatch(/factory version/);
    expect(resumeBlocker(source, 'sha256:a')).toMatch(/secure parameter \(key\)/);
    expect(resumeBlocker({ ...source, record: { ...record, parameters: {} } }, 'sha256:a')).toBeUndefined();
  });
});

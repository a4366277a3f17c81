import { describe, expect, it } from 'vitest';
import type { ActivityContext, ActivityExecutor } from '../contracts/index.js';
import { isMillraceError } from '../errors/index.js';
import type { JsonObject } from '../model/index.js';
import { createRerunSource } from './rerun-source.js';
import { act, createHarness, expr, pipeline, statuses } from './testing/engine-harness.js';
import type { Harness } from './testing/engine-harness.js';

/** Records each execution as `name:key` and fails the keys in `failing`. */
function recording(failing: Set<string>): { executed: string[]; executor: ActivityExecutor } {
  const executed: string[] = [];
  const executor: ActivityExecutor = {
    type: 'Work',
    execute: (ctx: ActivityContext) => {
      const key = (ctx.typeProperties() as JsonObject)['key'] as string;
      executed.push(`${ctx.activity.name}:${key}`);
      return failing.has(key) ? Promise.reject(new Error(`item ${key}`)) : Promise.resolve({ key });
    },
  };
  return { executed, executor };
}

const work = (name: string, key: string, deps: Parameters<typeof act>[3] = []) =>
  act(name, 'Work', { key: expr(key) }, deps);

/** Before → Loop (ForEach over 0..5: Prep → W) → After. */
const loopPipeline = pipeline('P', [
  work('Before', 'before'),
  act(
    'Loop',
    'ForEach',
    {
      items: expr('@range(0, 6)'),
      activities: [work('Prep', "@concat('p', string(item()))"), work('W', '@string(item())', ['Prep'])],
    },
    ['Before'],
  ),
  work('After', 'after', ['Loop']),
]);

async function rerunOf(h: Harness, runId: string, iterations: string[]) {
  const rerun = createRerunSource(runId, await h.store.getActivityRuns(runId), iterations);
  return h.run('P', { rerun, invokedBy: { triggerType: 'Rerun', rerunOf: runId } });
}

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    return isMillraceError(err) ? `${err.code}: ${err.message}` : 'not a MillraceError';
  }
  return undefined;
};

describe('rerun of named ForEach iterations', () => {
  it('executes only the named iteration, in full; the other iterations keep their earlier results', async () => {
    const failing = new Set(['2', '4']);
    const { executed, executor } = recording(failing);
    const h = createHarness([loopPipeline], { executors: [executor] });
    const first = await h.run('P');
    expect(first.result.status).toBe('Failed');
    executed.length = 0;
    failing.clear();
    const second = await rerunOf(h, first.doc.runId, ['Loop[2]']);
    // Prep of iteration 2 had succeeded: the named iteration runs again from its start.
    expect(executed).toEqual(['Prep:p2', 'W:2']);
    // Iteration 4 keeps its failure, so the ForEach, and the run, fail again; After is skipped.
    expect(second.result.status).toBe('Failed');
    expect(statuses(second.doc)).toMatchObject({
      Before: 'Succeeded',
      'Loop[2]/W': 'Succeeded',
      'Loop[4]/W': 'Failed',
      Loop: 'Failed',
      After: 'Skipped',
    });
    const records = await h.store.getActivityRuns(second.doc.runId);
    const at = (iteration: string | undefined, name: string) =>
      records.find((r) => r.iteration === iteration && r.activityName === name);
    expect(at(undefined, 'Before')?.reusedFrom).toBeDefined();
    expect(at('Loop[0]', 'W')?.reusedFrom).toBeDefined();
    expect(at('Loop[0]', 'W')?.output).toEqual({ key: '0' });
    expect(at('Loop[4]', 'W')?.status).toBe('Failed');
    expect(at('Loop[4]', 'W')?.error?.message).toContain('item 4');
    expect(at('Loop[4]', 'W')?.reusedFrom).toBeDefined();
    expect(at('Loop[2]', 'Prep')?.reusedFrom).toBeUndefined();
    expect(at('Loop[2]', 'W')?.reusedFrom).toBeUndefined();
    expect(at(undefined, 'Loop')?.error?.message).toContain('item 4');
    expect(records.filter((r) => r.iteration?.startsWith('Loop[')).length).toBe(12);
    // The run document says which activity runs were kept (the web UI shows them as reused).
    const kept = second.doc.activityRuns.filter((a) => a.reusedFrom !== undefined);
    expect(kept.map((a) => `${a.iteration ?? ''}/${a.activityName}`)).toContain('Loop[0]/W');
    expect(
      second.doc.activityRuns.find((a) => a.iteration === 'Loop[2]' && a.activityName === 'W')?.reusedFrom,
    ).toBeUndefined();
  });

  it('runs downstream of the ForEach again once every failed iteration is named', async () => {
    const failing = new Set(['2', '4']);
    const { executed, executor } = recording(failing);
    const h = createHarness([loopPipeline], { executors: [executor] });
    const first = await h.run('P');
    executed.length = 0;
    failing.clear();
    const second = await rerunOf(h, first.doc.runId, ['Loop[2]', 'Loop[4]']);
    expect(second.result.status).toBe('Succeeded');
    expect(executed.sort()).toEqual(['After:after', 'Prep:p2', 'Prep:p4', 'W:2', 'W:4']);
  });

  it('reruns a nested iteration; the enclosing iteration reruns from its failure', async () => {
    const failing = new Set(['1/2', '0/1']);
    const { executed, executor } = recording(failing);
    // Inner keys are `outer/inner`: the inner items are built from the outer item.
    const inner = act('Inner', 'ForEach', {
      items: expr(
        "@createArray(concat(string(item()), '/0'), concat(string(item()), '/1'), concat(string(item()), '/2'))",
      ),
      activities: [work('W', '@item()')],
    });
    const p = pipeline('P', [
      act('Outer', 'ForEach', {
        items: expr('@range(0, 2)'),
        activities: [inner, work('Tail', "@string('tail')", ['Inner'])],
      }),
    ]);
    const h = createHarness([p], { executors: [executor] });
    const first = await h.run('P');
    expect(first.result.status).toBe('Failed');
    executed.length = 0;
    failing.clear();
    const second = await rerunOf(h, first.doc.runId, ['Outer[1]/Inner[2]']);
    // Only 1/2 runs again, then Tail of Outer[1] (downstream of the rerun Inner); Outer[0] keeps its failed 0/1.
    expect(executed).toEqual(['W:1/2', 'Tail:tail']);
    expect(second.result.status).toBe('Failed');
    const records = await h.store.getActivityRuns(second.doc.runId);
    const kept = records.filter((r) => r.iteration?.startsWith('Outer[0]'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => r.reusedFrom !== undefined)).toBe(true);
    expect(kept.find((r) => r.iteration === 'Outer[0]/Inner[1]')?.status).toBe('Failed');
    expect(records.find((r) => r.iteration === 'Outer[1]/Inner[0]')?.reusedFrom).toBeDefined();
  });

  it('refuses an iteration the earlier run has not, or one that did not fail, naming the failed ones', async () => {
    const { executor } = recording(new Set(['3']));
    const handled = pipeline('H', [
      act('Loop', 'ForEach', {
        items: expr('@range(0, 2)'),
        activities: [work('W', "@string('3')"), work('OnFail', "@string('ok')", [['W', 'Failed']])],
      }),
    ]);
    const h = createHarness([loopPipeline, handled], { executors: [executor] });
    const first = await h.run('P');
    const records = await h.store.getActivityRuns(first.doc.runId);
    const start =
      (iterations: string[], name = 'P') =>
      () =>
        h.engine.startRun({ pipeline: name, rerun: createRerunSource(first.doc.runId, records, iterations) });
    expect(codeOf(start(['Loop[9]']))).toMatch(
      /^run\/unknown-iteration: .*"Loop\[9\]" \(failed iterations: Loop\[3\]\)$/,
    );
    expect(codeOf(start(['Before']))).toMatch(/^run\/unknown-iteration/);
    expect(codeOf(start(['Nope[1]']))).toMatch(/^run\/unknown-iteration/);
    expect(codeOf(start(['Loop[1]']))).toMatch(/^run\/iteration-not-failed: iteration "Loop\[1\]"/);
    // A failure handled inside the iteration (an on-failure path) leaves the iteration Succeeded (ADF's leaf rule).
    const second = await h.run('H');
    const handledRecords = await h.store.getActivityRuns(second.doc.runId);
    expect(second.result.status).toBe('Succeeded');
    expect(
      codeOf(() =>
        h.engine.startRun({
          pipeline: 'H',
          rerun: createRerunSource(second.doc.runId, handledRecords, ['Loop[0]']),
        }),
      ),
    ).toMatch(/^run\/iteration-not-failed: .*\(no iteration failed\)$/);
    expect(h.store.runs.size).toBe(2);
  });

  it('refuses an iteration inside an Until, whose iterations a rerun always runs again', async () => {
    const { executor } = recording(new Set(['1']));
    const inUntil = pipeline('U', [
      act('Again', 'Until', {
        expression: expr('@true'),
        activities: [
          act('Loop', 'ForEach', { items: expr('@range(0, 2)'), activities: [work('W', '@string(item())')] }),
        ],
      }),
    ]);
    const h = createHarness([inUntil], { executors: [executor] });
    const first = await h.run('U');
    expect(first.result.status).toBe('Failed');
    const records = await h.store.getActivityRuns(first.doc.runId);
    expect(records.some((r) => r.iteration === 'Again[0]/Loop[1]' && r.status === 'Failed')).toBe(true);
    const start = () =>
      h.engine.startRun({
        pipeline: 'U',
        rerun: createRerunSource(first.doc.runId, records, ['Again[0]/Loop[1]']),
      });
    expect(codeOf(start)).toMatch(/^run\/iteration-in-until: .*inside Until "Again"/);
  });

  it('replays 5,000 kept iterations without executing them', async () => {
    const failing = new Set(['17']);
    const { executed, executor } = recording(failing);
    const p = pipeline('P', [
      act('Loop', 'ForEach', {
        items: expr('@range(0, 5000)'),
        batchCount: 50,
        activities: [work('Prep', "@concat('p', string(item()))"), work('W', '@string(item())', ['Prep'])],
      }),
    ]);
    const h = createHarness([p], { executors: [executor] });
    const first = await h.run('P');
    executed.length = 0;
    failing.clear();
    const second = await rerunOf(h, first.doc.runId, ['Loop[17]']);
    expect(second.result.status).toBe('Succeeded');
    expect(executed).toEqual(['Prep:p17', 'W:17']);
    const records = await h.store.getActivityRuns(second.doc.runId);
    expect(records.filter((r) => r.reusedFrom !== undefined).length).toBe(2 * 4999);
  });
});

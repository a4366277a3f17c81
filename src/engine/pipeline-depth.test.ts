import { describe, expect, it } from 'vitest';
import { act, createHarness, pipeline } from './testing/engine-harness.js';
import { DEFAULT_MAX_PIPELINE_DEPTH } from './engine.js';

// A pipeline that runs itself (directly, or A → B → A) would start child runs until the machine gives out.
// The engine stops it at a nesting-depth limit: the ExecutePipeline at the limit fails with a clear error, and
// every waiting parent fails with it.
const selfCalling = (name: string, target: string, wait = true) =>
  pipeline(name, [
    act('Again', 'ExecutePipeline', {
      pipeline: { referenceName: target, type: 'PipelineReference' },
      waitOnCompletion: wait,
    }),
  ]);

describe('ExecutePipeline nesting depth', () => {
  it('stops a pipeline that runs itself at the limit, failing every waiting level', async () => {
    const h = createHarness([selfCalling('Loop', 'Loop')], { maxPipelineDepth: 5 });
    const { result, doc } = await h.run('Loop');
    expect(result.status).toBe('Failed');
    const runs = await h.store.listRuns({ limit: 100 });
    // The top-level run plus 5 nested ones: the run at depth 5 may not start a sixth.
    expect(runs.runs).toHaveLength(6);
    expect(doc.activityRuns[0]?.error?.message).toMatch(/limit is 5/);
    const docs = await Promise.all(runs.runs.map((r) => h.document(r.runId)));
    const deepDoc = docs.find((d) => d.activityRuns[0]?.error?.errorCode === 'PipelineDepthExceeded')!;
    expect(docs.filter((d) => d.activityRuns[0]?.error?.errorCode === 'PipelineDepthExceeded')).toHaveLength(
      1,
    );
    expect(deepDoc.activityRuns[0]).toMatchObject({
      status: 'Failed',
      error: { errorCode: 'PipelineDepthExceeded' },
    });
    expect(deepDoc.activityRuns[0]?.error?.message).toMatch(
      /pipeline "Loop" is 5 ExecutePipeline levels deep and may not start "Loop": the limit is 5/,
    );
  });

  it('stops indirect recursion and fire-and-forget recursion too', async () => {
    const h = createHarness([selfCalling('A', 'B'), selfCalling('B', 'A')], { maxPipelineDepth: 3 });
    expect((await h.run('A')).result.status).toBe('Failed');
    expect((await h.store.listRuns({ limit: 100 })).runs).toHaveLength(4);
    const f = createHarness([selfCalling('F', 'F', false)], { maxPipelineDepth: 3 });
    await f.run('F');
    // Unwaited children finish in the background: give them their turns.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect((await f.store.listRuns({ limit: 100 })).runs).toHaveLength(4);
  });

  it('lets legitimate nesting up to the default limit run', async () => {
    const chain = Array.from({ length: DEFAULT_MAX_PIPELINE_DEPTH + 1 }, (_, i) =>
      i === DEFAULT_MAX_PIPELINE_DEPTH
        ? pipeline(`P${i}`, [act('Done', 'Wait', { waitTimeInSeconds: 0 })])
        : selfCalling(`P${i}`, `P${i + 1}`),
    );
    const h = createHarness(chain);
    const { result } = await h.run('P0');
    expect(result.status, JSON.stringify(result)).toBe('Succeeded');
    expect((await h.store.listRuns({ limit: 100 })).runs).toHaveLength(DEFAULT_MAX_PIPELINE_DEPTH + 1);
  });
});

import { describe, expect, it } from 'vitest';
import type { ActivityExecutor } from '../contracts/index.js';
import { ActivityError } from '../errors/index.js';
import { createRerunSource } from './rerun-source.js';
import { act, createHarness, expr, pipeline, statuses } from './testing/engine-harness.js';

describe('retry and timeout', () => {
  it('retries a failing activity after retryIntervalInSeconds, recording each attempt', async () => {
    const h = createHarness([
      pipeline('P', [
        act('F', 'Flaky', { failFirst: 2 }, [], { policy: { retry: 2, retryIntervalInSeconds: 30 } }),
      ]),
    ]);
    const start = h.clock.now();
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Succeeded');
    expect(doc.activityRuns.map((a) => [a.status, a.attempt ?? 1])).toEqual([
      ['Failed', 1],
      ['Failed', 2],
      ['Succeeded', 3],
    ]);
    expect(h.clock.now() - start).toBe(60_000);
  });

  it('does not retry a non-retryable user error, even with policy.retry > 0', async () => {
    let calls = 0;
    const invalid: ActivityExecutor = {
      type: 'Invalid',
      execute: () => {
        calls++;
        // copy/invalid-setting is catalogued as a user error no retry can fix.
        return Promise.reject(new ActivityError({ code: 'copy/invalid-setting', message: 'bad setting' }));
      },
    };
    const h = createHarness(
      [pipeline('P', [act('I', 'Invalid', {}, [], { policy: { retry: 3, retryIntervalInSeconds: 10 } })])],
      { executors: [invalid] },
    );
    const start = h.clock.now();
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Failed');
    expect(calls).toBe(1);
    expect(doc.activityRuns.map((a) => [a.status, a.error?.errorCode])).toEqual([
      ['Failed', 'copy/invalid-setting'],
    ]);
    expect(h.clock.now() - start).toBe(0);
  });

  it('retries an error the catalog calls retryable, and one whose thrower says so', async () => {
    const attempts = new Map<string, number>();
    const failing = (type: string, error: () => ActivityError): ActivityExecutor => ({
      type,
      execute: (ctx) => {
        attempts.set(ctx.activity.name, (attempts.get(ctx.activity.name) ?? 0) + 1);
        return Promise.reject(error());
      },
    });
    const h = createHarness(
      [
        pipeline('P', [
          act('Missing', 'Missing', {}, [], { policy: { retry: 2, retryIntervalInSeconds: 1 } }),
          act('Explicit', 'Explicit', {}, [], { policy: { retry: 1, retryIntervalInSeconds: 1 } }),
        ]),
      ],
      {
        executors: [
          failing('Missing', () => new ActivityError({ code: 'copy/source-not-found', message: 'not yet' })),
          failing(
            'Explicit',
            () => new ActivityError({ code: 'plugin/flaky', message: 'again', retryable: true }),
          ),
        ],
      },
    );
    const { result } = await h.run('P');
    expect(result.status).toBe('Failed');
    expect(Object.fromEntries(attempts)).toEqual({ Missing: 3, Explicit: 2 });
  });

  it('fails after the last retry', async () => {
    const h = createHarness([
      pipeline('P', [
        act('F', 'Flaky', { failFirst: 5 }, [], {
          policy: { retry: expr('@add(0, 1)') as unknown as number, retryIntervalInSeconds: 1 },
        }),
      ]),
    ]);
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Failed');
    expect(doc.activityRuns).toHaveLength(2);
  });

  it('times out an attempt after policy.timeout and aborts its signal', async () => {
    const h = createHarness([
      pipeline('P', [
        act('H', 'Hang', {}, [], { policy: { timeout: '0.00:10:00', retry: 1, retryIntervalInSeconds: 5 } }),
      ]),
    ]);
    const start = h.clock.now();
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Failed');
    expect(doc.activityRuns.map((a) => a.error?.errorCode)).toEqual(['ActivityTimeout', 'ActivityTimeout']);
    expect(doc.activityRuns[0]?.error?.message).toBe('activity "H" timed out after 0.00:10:00');
    expect(h.clock.now() - start).toBe(2 * 600_000 + 5_000);
  });

  it('defaults the timeout to 7 days', async () => {
    const h = createHarness([pipeline('P', [act('H', 'Hang')])]);
    const start = h.clock.now();
    await h.run('P');
    expect(h.clock.now() - start).toBe(7 * 24 * 3600 * 1000);
  });

  it('rejects an invalid timeout with a clear error', async () => {
    const { doc } = await createHarness([
      pipeline('P', [act('A', 'Succeed', {}, [], { policy: { timeout: '10 minutes' } })]),
    ]).run('P');
    expect(doc.activityRuns[0]?.error?.message).toContain('"10 minutes" is not a TimeSpan');
  });
});

describe('secure input and output', () => {
  it('masks secured input, output, secure parameters and secure variables in the store, but expressions see values', async () => {
    const h = createHarness([
      pipeline(
        'P',
        [
          act(
            'Secret',
            'Succeed',
            { output: { token: 's3cr3t' }, key: expr('@pipeline().parameters.key') },
            [],
            {
              policy: { secureInput: true, secureOutput: true },
            },
          ),
          act(
            'Copy',
            'SetVariable',
            { variableName: 'v', value: expr("@activity('Secret').output.token") },
            ['Secret'],
            {
              policy: { secureOutput: true },
            },
          ),
          act('Plain', 'SetVariable', { variableName: 'w', value: expr("@length(variables('v'))") }, [
            'Copy',
          ]),
        ],
        {
          parameters: { key: { type: 'SecureString' }, open: { type: 'String' } },
          variables: { v: { type: 'String' }, w: { type: 'Integer' } },
        },
      ),
    ]);
    const { result, doc } = await h.run('P', { parameters: { key: 'hunter2', open: 'visible' } });
    expect(result.status).toBe('Succeeded');
    expect(doc.parameters).toEqual({ key: '********', open: 'visible' });
    expect(doc.variables).toEqual({ v: '********', w: 6 });
    const secret = doc.activityRuns.find((a) => a.activityName === 'Secret');
    expect(secret?.output).toBe('********');
    expect(secret?.input).toBe('********');
    expect(doc.activityRuns.find((a) => a.activityName === 'Plain')?.input).toEqual({
      variableName: 'w',
      value: 6,
    });
    expect(doc.activityRuns.find((a) => a.activityName === 'Copy')?.output).toBe('********');
    const serialized = JSON.stringify(h.store.events);
    expect(serialized).not.toContain('s3cr3t');
    expect(serialized).not.toContain('hunter2');
  });
});

describe('cancellation', () => {
  it('cancels running activities and child runs; the run ends Cancelled', async () => {
    const child = pipeline('Child', [act('H', 'Hang')]);
    const parent = pipeline('Parent', [
      act('Run', 'ExecutePipeline', { pipeline: { referenceName: 'Child' }, waitOnCompletion: true }),
      act('H2', 'Hang'),
      act('After', 'Succeed', {}, ['H2']),
    ]);
    const h = createHarness([child, parent]);
    h.clock.pause();
    const controller = new AbortController();
    const handle = h.engine.startRun({ pipeline: 'Parent', signal: controller.signal });
    await new Promise((r) => setTimeout(r, 1));
    expect(h.engine.activeRuns()).toHaveLength(2);
    controller.abort();
    const result = await handle.result;
    expect(result.status).toBe('Cancelled');
    const doc = await h.document(handle.runId);
    expect(statuses(doc)).toEqual({ Run: 'Cancelled', H2: 'Cancelled' });
    const childRun = [...h.store.runs.values()].find((r) => r.pipeline === 'Child');
    expect(childRun?.status).toBe('Cancelled');
    expect(h.engine.activeRuns()).toHaveLength(0);
  });

  it('cancels by run id through the engine', async () => {
    const h = createHarness([pipeline('P', [act('H', 'Hang')])]);
    h.clock.pause();
    const handle = h.engine.startRun({ pipeline: 'P' });
    await new Promise((r) => setTimeout(r, 1));
    expect(h.engine.cancel(handle.runId)).toBe(true);
    expect((await handle.result).status).toBe('Cancelled');
    expect(h.engine.cancel(handle.runId)).toBe(false);
  });
});

describe('runs, parameters and pipeline concurrency', () => {
  it('queues runs beyond the pipeline concurrency and starts them in order', async () => {
    const h = createHarness([
      pipeline('P', [act('W', 'Wait', { waitTimeInSeconds: 10 })], { concurrency: 1 }),
    ]);
    const a = h.engine.startRun({ pipeline: 'P' });
    const b = h.engine.startRun({ pipeline: 'P' });
    expect(h.store.runs.get(b.runId)?.status).toBe('Queued');
    await Promise.all([a.result, b.result]);
    const [ra, rb] = [h.store.runs.get(a.runId), h.store.runs.get(b.runId)];
    expect(rb?.start).toBe(ra?.end);
    expect(rb?.status).toBe('Succeeded');
  });

  it('records the content hash, system variables and a flush before the run starts', async () => {
    const h = createHarness([
      pipeline(
        'P',
        [
          act('S', 'SetVariable', {
            variableName: 'v',
            value: expr('@concat(pipeline().Pipeline, pipeline().RunId, pipeline().TriggerType)'),
          }),
        ],
        {
          variables: { v: { type: 'String' } },
        },
      ),
    ]);
    const { doc } = await h.run('P');
    expect(doc.contentHash).toBe('sha256:test');
    expect(doc.variables['v']).toBe(`P${doc.runId}Manual`);
    expect(h.store.flushes).toBeGreaterThanOrEqual(2);
  });

  it('parses and checks parameters by declared type', () => {
    const h = createHarness([
      pipeline('P', [], {
        parameters: {
          n: { type: 'Int' },
          f: { type: 'Float' },
          b: { type: 'Bool' },
          a: { type: 'Array' },
          o: { type: 'Object' },
          s: { type: 'String', defaultValue: 'd' },
        },
      }),
    ]);
    const start = (raw: Record<string, string>) => () =>
      h.engine.startRun({ pipeline: 'P', rawParameters: raw });
    const good = { n: '3', f: '1.5', b: 'TRUE', a: '[1,2]', o: '{"k":1}' };
    expect(start(good)).not.toThrow();
    expect(start({ ...good, n: '3.5' })).toThrow('parameter "n" is declared Int; "3.5" is not an integer');
    expect(start({ ...good, b: 'yes' })).toThrow('is not true or false');
    expect(start({ ...good, a: '{}' })).toThrow('is not a JSON array');
    expect(start({ ...good, x: '1' })).toThrow('has no parameter "x" (declared: n, f, b, a, o, s)');
    const { n: _n, ...missing } = good;
    expect(start(missing)).toThrow('parameter "n" (Int) has no default value');
    expect(() => h.engine.startRun({ pipeline: 'Nope' })).toThrow('unknown pipeline "Nope"');
  });
});

describe('rerun from failed activity', () => {
  it('reuses succeeded activities and reruns from the failed one', async () => {
    let fail = true;
    const gate = {
      type: 'Gate',
      execute: () => (fail ? Promise.reject(new Error('closed')) : Promise.resolve({ open: true })),
    };
    const p = pipeline(
      'P',
      [
        act('A', 'Succeed', { output: { n: 1 } }),
        act('B', 'Gate', {}, ['A']),
        act('C', 'SetVariable', { variableName: 'v', value: expr("@string(activity('A').output.n)") }, ['B']),
      ],
      { variables: { v: { type: 'String' } } },
    );
    const h = createHarness([p], { executors: [gate] });
    const first = await h.run('P');
    expect(first.result.status).toBe('Failed');
    fail = false;
    const rerun = createRerunSource(first.doc.runId, await h.store.getActivityRuns(first.doc.runId));
    const second = await h.run('P', {
      rerun,
      groupId: first.doc.runId,
      invokedBy: { triggerType: 'Rerun', rerunOf: first.doc.runId },
    });
    expect(second.result.status).toBe('Succeeded');
    expect(statuses(second.doc)).toEqual({ A: 'Succeeded', B: 'Succeeded', C: 'Succeeded' });
    const records = await h.store.getActivityRuns(second.doc.runId);
    expect(records.find((r) => r.activityName === 'A')?.reusedFrom).toBeDefined();
    expect(records.find((r) => r.activityName === 'B')?.reusedFrom).toBeUndefined();
    expect(second.doc.variables['v']).toBe('1');
  });

  it('reruns only the failed iterations of a ForEach', async () => {
    const executed: number[] = [];
    let failing = new Set([2, 4]);
    const work = {
      type: 'Work',
      execute: (ctx: { typeProperties(): unknown }) => {
        const i = (ctx.typeProperties() as { i: number }).i;
        executed.push(i);
        return failing.has(i) ? Promise.reject(new Error(`item ${i}`)) : Promise.resolve({ i });
      },
    };
    const p = pipeline('P', [
      act('Loop', 'ForEach', {
        items: expr('@range(0, 6)'),
        activities: [act('W', 'Work', { i: expr('@item()') })],
      }),
    ]);
    const h = createHarness([p], { executors: [work] });
    const first = await h.run('P');
    expect(first.result.status).toBe('Failed');
    executed.length = 0;
    failing = new Set();
    const rerun = createRerunSource(first.doc.runId, await h.store.getActivityRuns(first.doc.runId));
    const second = await h.run('P', { rerun });
    expect(second.result.status).toBe('Succeeded');
    expect(executed.sort()).toEqual([2, 4]);
  });
});

import { describe, expect, it } from 'vitest';
import { act, createHarness, pipeline, statuses } from './testing/engine-harness.js';

const ok = (name: string, deps: Parameters<typeof act>[3] = []) => act(name, 'Succeed', {}, deps);
const boom = (name: string, deps: Parameters<typeof act>[3] = []) =>
  act(name, 'Boom', { message: `${name} broke` }, deps);

async function runOne(activities: ReturnType<typeof act>[]) {
  const h = createHarness([pipeline('P', activities)]);
  return h.run('P');
}

describe('dependency conditions and skip propagation', () => {
  it('runs a chain in order and succeeds', async () => {
    const { result, doc } = await runOne([ok('A'), ok('B', ['A']), ok('C', ['B'])]);
    expect(result.status).toBe('Succeeded');
    expect(doc.activityRuns.map((a) => a.activityName)).toEqual(['A', 'B', 'C']);
  });

  it('skips downstream of a failure, transitively (A fails → B, C skipped)', async () => {
    const { result, doc } = await runOne([boom('A'), ok('B', ['A']), ok('C', ['B'])]);
    expect(statuses(doc)).toEqual({ A: 'Failed', B: 'Skipped', C: 'Skipped' });
    expect(result.status).toBe('Failed');
    expect(doc.message).toBe('Operation on target A failed: activity "A" failed: A broke');
  });

  it('ANDs dependsOn entries and ORs the conditions inside one entry', async () => {
    const { doc } = await runOne([
      ok('A'),
      boom('B'),
      ok('AndBoth', ['A', 'B']),
      ok('OrFailedSkipped', [['B', 'Failed', 'Skipped']]),
      ok('CompletedAfterFail', [['B', 'Completed']]),
      ok('SkippedOnly', [['AndBoth', 'Skipped']]),
      ok('CompletedAfterSkip', [['AndBoth', 'Completed']]),
    ]);
    expect(statuses(doc)).toMatchObject({
      AndBoth: 'Skipped',
      OrFailedSkipped: 'Succeeded',
      CompletedAfterFail: 'Succeeded',
      SkippedOnly: 'Succeeded',
      CompletedAfterSkip: 'Skipped',
    });
  });

  it('runs independent branches concurrently', async () => {
    const h = createHarness([
      pipeline('P', [
        act('W1', 'Wait', { waitTimeInSeconds: 10 }),
        act('W2', 'Wait', { waitTimeInSeconds: 10 }),
      ]),
    ]);
    const start = h.clock.now();
    const { result } = await h.run('P');
    expect(result.status).toBe('Succeeded');
    expect(h.clock.now() - start).toBe(10_000);
  });

  it('respects the per-run limit on parallel execution activities', async () => {
    let running = 0;
    let peak = 0;
    const h = createHarness(
      [
        pipeline(
          'P',
          ['a', 'b', 'c', 'd', 'e'].map((n) => act(n, 'Slow')),
        ),
      ],
      {
        maxParallelActivities: 2,
        executors: [
          {
            type: 'Slow',
            execute: async () => {
              running++;
              peak = Math.max(peak, running);
              for (let i = 0; i < 5; i++) await Promise.resolve();
              running--;
              return {};
            },
          },
        ],
      },
    );
    expect((await h.run('P')).result.status).toBe('Succeeded');
    expect(peak).toBe(2);
  });

  it('fails a run with a dependency on an unknown activity', async () => {
    const { result } = await runOne([ok('A', ['Ghost'])]);
    expect(result.status).toBe('Failed');
    expect(result.message).toContain('unknown activity "Ghost"');
  });
});

describe('pipeline final status (Microsoft Learn: pipeline failure and error handling)', () => {
  const cases = (main: 'ok' | 'fail') => (main === 'ok' ? ok('Main') : boom('Main'));

  it.each([
    ['ok', 'Succeeded'],
    ['fail', 'Succeeded'],
  ] as const)('Try-Catch: main %s → %s', async (main, expected) => {
    const { result } = await runOne([cases(main), ok('Handler', [['Main', 'Failed']])]);
    expect(result.status).toBe(expected);
  });

  it.each([
    ['ok', 'Succeeded'],
    ['fail', 'Failed'],
  ] as const)('Do-If-Else: main %s → %s', async (main, expected) => {
    const { result } = await runOne([
      cases(main),
      ok('OnSuccess', [['Main', 'Succeeded']]),
      ok('OnFailure', [['Main', 'Failed']]),
    ]);
    expect(result.status).toBe(expected);
  });

  it.each([
    ['ok', 'Succeeded'],
    ['fail', 'Succeeded'],
  ] as const)('Do-If-Skip-Else: main %s → %s', async (main, expected) => {
    const { result, doc } = await runOne([
      cases(main),
      ok('OnSuccess', [['Main', 'Succeeded']]),
      ok('OnFailure', [['Main', 'Failed']]),
      ok('Dummy', [['OnSuccess', 'Skipped']]),
    ]);
    expect(result.status).toBe(expected);
    if (main === 'fail') expect(statuses(doc)).toMatchObject({ OnSuccess: 'Skipped', Dummy: 'Succeeded' });
  });

  it('Try-Catch-Proceed: Next runs whether Main succeeded or failed', async () => {
    for (const main of ['ok', 'fail'] as const) {
      const { result, doc } = await runOne([
        cases(main),
        ok('Handler', [['Main', 'Failed']]),
        ok('Next', [['Handler', 'Failed', 'Skipped', 'Succeeded']]),
      ]);
      expect(statuses(doc)['Next']).toBe('Succeeded');
      expect(result.status).toBe('Succeeded');
    }
  });

  it('Generic error handling: the handler runs iff an earlier step of the chain failed', async () => {
    const chain = (failAt?: string) => [
      failAt === 'A' ? boom('A') : ok('A'),
      failAt === 'B' ? boom('B', ['A']) : ok('B', ['A']),
      ok('C', ['B']),
      ok('Handler', [['C', 'Failed', 'Skipped']]),
    ];
    const good = await runOne(chain());
    expect(statuses(good.doc)['Handler']).toBe('Skipped');
    expect(good.result.status).toBe('Succeeded');
    const bad = await runOne(chain('B'));
    expect(statuses(bad.doc)).toMatchObject({
      A: 'Succeeded',
      B: 'Failed',
      C: 'Skipped',
      Handler: 'Succeeded',
    });
    expect(bad.result.status).toBe('Succeeded');
  });

  it('Sequential best effort: Completed edges keep the chain going, the failed step fails the run only as a leaf', async () => {
    const { result, doc } = await runOne([boom('Log'), ok('Next', [['Log', 'Completed']])]);
    expect(statuses(doc)).toEqual({ Log: 'Failed', Next: 'Succeeded' });
    expect(result.status).toBe('Succeeded');
    const leafFails = await runOne([ok('A'), boom('Log', [['A', 'Completed']])]);
    expect(leafFails.result.status).toBe('Failed');
  });

  it('judges a chain of skipped leaves by the nearest non-skipped ancestor', async () => {
    const { result } = await runOne([boom('A'), ok('B', ['A']), ok('C', ['B'])]);
    expect(result.status).toBe('Failed');
  });
});

describe('inactive activities', () => {
  it.each([
    ['Succeeded', 'Next', 'Succeeded'],
    ['Failed', 'OnFail', 'Failed'],
    ['Skipped', 'OnSkip', 'Succeeded'],
  ] as const)(
    'an inactive activity marked %s drives its dependents like that status',
    async (mark, runs, final) => {
      const { result, doc } = await runOne([
        act('Off', 'NeverRegistered', {}, [], { state: 'Inactive', onInactiveMarkAs: mark }),
        ok('Next', [['Off', 'Succeeded']]),
        ok('OnFail', [['Off', 'Failed']]),
        ok('OnSkip', [['Off', 'Skipped']]),
      ]);
      expect(statuses(doc)['Off']).toBe('Inactive');
      expect(statuses(doc)[runs]).toBe('Succeeded');
      // A failed-marked inactive activity is judged through its skipped dependents (do-if-else shape).
      expect(result.status).toBe(final);
    },
  );
});

import { describe, expect, it } from 'vitest';
import type { ActivityContext, ActivityExecutor } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
import { act, createHarness, expr, pipeline } from './testing/engine-harness.js';

/** An executor that records what the engine hands it and how often it asked for the references. */
function probe(): { executor: ActivityExecutor; seen: JsonValue[] } {
  const seen: JsonValue[] = [];
  const executor: ActivityExecutor = {
    type: 'Probe',
    execute(ctx: ActivityContext) {
      const first = ctx.references();
      // Asking twice returns the same values: the engine evaluates once.
      expect(ctx.references()).toBe(first);
      seen.push({ typeProperties: ctx.typeProperties(), references: first as unknown as JsonValue });
      return Promise.resolve({});
    },
  };
  return { executor, seen };
}

describe('dataset references reach activities as values', () => {
  it('evaluates inputs, outputs and linkedServiceName once, keeping @@ as a literal @', async () => {
    const { executor, seen } = probe();
    const ref = (name: string, file: JsonValue) => ({
      referenceName: name,
      type: 'DatasetReference',
      parameters: { file },
    });
    const h = createHarness(
      [
        pipeline(
          'P',
          [
            act('A', 'Probe', { dataset: ref('Tp', '@@in.csv') }, [], {
              inputs: [ref('In', '@@in.csv')],
              outputs: [ref('Out', expr("@concat(pipeline().parameters.stem, '.csv')"))],
              linkedServiceName: {
                referenceName: 'Ls',
                type: 'LinkedServiceReference',
                parameters: { root: '@pipeline().parameters.stem' },
              },
            }),
          ],
          { parameters: { stem: { type: 'String', defaultValue: '@out' } } },
        ),
      ],
      { executors: [executor] },
    );
    const { result } = await h.run('P');
    expect(result.status).toBe('Succeeded');
    expect(seen).toEqual([
      {
        typeProperties: { dataset: ref('Tp', '@in.csv') },
        references: {
          inputs: [ref('In', '@in.csv')],
          outputs: [ref('Out', '@out.csv')],
          linkedServiceName: {
            referenceName: 'Ls',
            type: 'LinkedServiceReference',
            parameters: { root: '@out' },
          },
        },
      },
    ]);
  });

  it('fails the activity with the expression error when a reference parameter does not parse', async () => {
    const fails: ActivityExecutor = {
      type: 'Refs',
      execute: (ctx) => Promise.resolve(ctx.references() as never),
    };
    const h = createHarness(
      [
        pipeline('P', [
          act('A', 'Refs', {}, [], {
            inputs: [{ referenceName: 'In', type: 'DatasetReference', parameters: { file: '@in.csv' } }],
          }),
        ]),
      ],
      { executors: [fails] },
    );
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Failed');
    // `@in.csv` is an expression (no @@ escape): it reaches the activity's boundary as a user error.
    expect(doc.activityRuns[0]?.error).toMatchObject({ errorCode: 'expr/syntax' });
    expect(doc.activityRuns[0]?.error?.message).toContain("'in' is not a function call");
  });
});

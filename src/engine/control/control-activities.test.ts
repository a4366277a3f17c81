import { describe, expect, it } from 'vitest';
import { act, createHarness, expr, pipeline, statuses } from '../testing/engine-harness.js';

const vars = {
  s: { type: 'String' },
  b: { type: 'Boolean' },
  list: { type: 'Array' },
  n: { type: 'Integer' },
};

describe('SetVariable and AppendVariable', () => {
  it('sets variables with output {name, value} and records them on the run', async () => {
    const h = createHarness([
      pipeline(
        'P',
        [
          act('SetS', 'SetVariable', { variableName: 's', value: expr("@concat('a', 'b')") }),
          act('SetB', 'SetVariable', { variableName: 'b', value: true }),
          act('Add1', 'AppendVariable', { variableName: 'list', value: 1 }),
          act('Add2', 'AppendVariable', { variableName: 'list', value: expr("@variables('s')") }, [
            'Add1',
            'SetS',
          ]),
        ],
        { variables: vars },
      ),
    ]);
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Succeeded');
    expect(doc.variables).toEqual({ s: 'ab', b: true, list: [1, 'ab'], n: 0 });
    expect(doc.activityRuns.find((a) => a.activityName === 'SetS')?.output).toEqual({
      name: 's',
      value: 'ab',
    });
    expect(doc.activityRuns.find((a) => a.activityName === 'Add1')?.output).toEqual({});
  });

  it('fails on an undeclared variable, a type mismatch, and appending to a non-array', async () => {
    const h = createHarness([
      pipeline(
        'P',
        [
          act('Unknown', 'SetVariable', { variableName: 'nope', value: 1 }),
          act('Mismatch', 'SetVariable', { variableName: 's', value: 3 }),
          act('NotArray', 'AppendVariable', { variableName: 's', value: 'x' }),
        ],
        { variables: vars },
      ),
    ]);
    const { doc } = await h.run('P');
    const err = (n: string) => doc.activityRuns.find((a) => a.activityName === n)?.error?.message;
    expect(err('Unknown')).toContain('unknown variable "nope" (declared: s, b, list, n)');
    expect(err('Mismatch')).toContain('of type "String" cannot be updated with a value of type "Integer"');
    expect(err('NotArray')).toContain('AppendVariable needs an Array');
  });

  it('sets the pipeline return value and returns it from a child run through ExecutePipeline', async () => {
    const child = pipeline(
      'Child',
      [
        act('Return', 'SetVariable', {
          variableName: 'pipelineReturnValue',
          setSystemVariable: true,
          value: [
            { key: 'rows', value: { type: 'Int', content: 42 } },
            { key: 'who', value: { type: 'Expression', content: '@pipeline().parameters.who' } },
            { key: 'tags', value: { type: 'Array', content: ['a', 'b'] } },
            { key: 'none', value: { type: 'Null', content: null } },
            {
              key: 'obj',
              value: { type: 'Object', content: [{ key: 'k', value: { type: 'Boolean', content: true } }] },
            },
          ],
        }),
      ],
      { parameters: { who: { type: 'String' } } },
    );
    const parent = pipeline(
      'Parent',
      [
        act('Run', 'ExecutePipeline', {
          pipeline: { referenceName: 'Child', type: 'PipelineReference' },
          parameters: { who: expr("@toUpper('me')") },
          waitOnCompletion: true,
        }),
        act(
          'Use',
          'SetVariable',
          { variableName: 's', value: expr("@activity('Run').output.pipelineReturnValue.who") },
          ['Run'],
        ),
      ],
      { variables: vars },
    );
    const h = createHarness([child, parent]);
    const { result, doc } = await h.run('Parent');
    expect(result.status).toBe('Succeeded');
    const out = doc.activityRuns.find((a) => a.activityName === 'Run')?.output as Record<string, unknown>;
    expect(out['pipelineName']).toBe('Child');
    expect(out['pipelineReturnValue']).toEqual({
      rows: 42,
      who: 'ME',
      tags: ['a', 'b'],
      none: null,
      obj: { k: true },
    });
    expect(doc.variables['s']).toBe('ME');
    const childDoc = await h.document(String(out['pipelineRunId']));
    expect(childDoc.output).toMatchObject({ rows: 42 });
    expect(childDoc.invokedBy).toEqual({
      triggerType: 'PipelineActivity',
      parentRunId: doc.runId,
      parentPipeline: 'Parent',
      parentActivityRunId: expect.any(String) as unknown,
    });
    expect(childDoc.runId).not.toBe(doc.runId);
  });
});

describe('ExecutePipeline', () => {
  const child = pipeline('Child', [
    act('W', 'Wait', { waitTimeInSeconds: 5 }),
    act('F', 'Boom', { message: 'child broke' }, ['W']),
  ]);
  const call = (wait: boolean) =>
    pipeline('Parent', [
      act('Run', 'ExecutePipeline', { pipeline: { referenceName: 'Child' }, waitOnCompletion: wait }),
    ]);

  it('fails when the child fails and it waited', async () => {
    const h = createHarness([child, call(true)]);
    const { result, doc } = await h.run('Parent');
    expect(result.status).toBe('Failed');
    expect(doc.activityRuns[0]?.error?.message).toBe(
      'Operation on target F failed: activity "F" failed: child broke',
    );
  });

  it('succeeds at once with waitOnCompletion false; the child still runs to its end', async () => {
    const h = createHarness([child, call(false)]);
    const { result, doc } = await h.run('Parent');
    expect(result.status).toBe('Succeeded');
    const childRunId = (doc.activityRuns[0]?.output as Record<string, string>)['pipelineRunId'] ?? '';
    await h.engine.idle();
    expect((await h.document(childRunId)).status).toBe('Failed');
  });

  it('fails the activity for an unknown pipeline or a bad parameter', async () => {
    const h = createHarness([
      pipeline('Child', [], { parameters: { n: { type: 'Int' } } }),
      pipeline('Parent', [
        act('Ghost', 'ExecutePipeline', { pipeline: { referenceName: 'Nope' }, waitOnCompletion: true }),
        act('Bad', 'ExecutePipeline', {
          pipeline: { referenceName: 'Child' },
          parameters: { n: 'x' },
          waitOnCompletion: true,
        }),
      ]),
    ]);
    const { doc } = await h.run('Parent');
    expect(doc.activityRuns.map((a) => a.error?.message)).toEqual([
      'unknown pipeline "Nope"',
      'pipeline "Child": parameter "n" is declared Int; "x" is not an integer',
    ]);
  });
});

describe('IfCondition and Switch', () => {
  const ifPipeline = (cond: string, inner = 'Succeed') =>
    pipeline('P', [
      act('If', 'IfCondition', {
        expression: expr(cond),
        ifTrueActivities: [act('T', inner, { message: 'inner broke' })],
        ifFalseActivities: [act('F', 'Succeed')],
      }),
    ]);

  it('runs the branch chosen by the expression, with an iteration path', async () => {
    const { doc } = await createHarness([ifPipeline('@equals(1, 1)')]).run('P');
    expect(statuses(doc)).toEqual({ If: 'Succeeded', 'If(true)/T': 'Succeeded' });
    const no = await createHarness([ifPipeline('@equals(1, 2)')]).run('P');
    expect(statuses(no.doc)).toEqual({ If: 'Succeeded', 'If(false)/F': 'Succeeded' });
  });

  it('fails when the chosen branch fails, and when the expression is not a Boolean', async () => {
    const { result, doc } = await createHarness([ifPipeline('@true', 'Boom')]).run('P');
    expect(result.status).toBe('Failed');
    expect(doc.activityRuns.find((a) => a.activityName === 'If')?.error).toEqual({
      errorCode: 'ActionFailed',
      message:
        'Activity failed because an inner activity failed; Inner activity name: T, Error: activity "T" failed: inner broke',
    });
    const bad = await createHarness([ifPipeline("@'yes'")]).run('P');
    expect(bad.doc.activityRuns[0]?.error?.message).toContain('must evaluate to a Boolean, got String');
  });

  it('routes a Switch to the matching case, else to the default', async () => {
    const sw = (on: string) =>
      pipeline('P', [
        act('Route', 'Switch', {
          on: expr(on),
          cases: [
            { value: 'full', activities: [act('Full', 'Succeed')] },
            { value: '2', activities: [act('Two', 'Succeed')] },
          ],
          defaultActivities: [act('Other', 'Succeed')],
        }),
      ]);
    expect(statuses((await createHarness([sw("@'full'")]).run('P')).doc)['Route(full)/Full']).toBe(
      'Succeeded',
    );
    expect(statuses((await createHarness([sw('@add(1, 1)')]).run('P')).doc)['Route(2)/Two']).toBe(
      'Succeeded',
    );
    expect(statuses((await createHarness([sw("@'Full'")]).run('P')).doc)['Route(default)/Other']).toBe(
      'Succeeded',
    );
    // `on` must be a string or an integer: a float (even 2.0), a boolean, an array or null fails the Switch.
    for (const bad of ['@float(2)', '@div(5.0, 2)', '@true', '@createArray(1)', '@null']) {
      const { doc } = await createHarness([sw(bad)]).run('P');
      const route = doc.activityRuns.find((a) => a.activityName === 'Route');
      expect(route?.status, bad).toBe('Failed');
      expect(route?.error?.message, bad).toMatch(/must evaluate to a String or an Integer/);
      expect(
        doc.activityRuns.filter((a) => a.activityName !== 'Route'),
        bad,
      ).toEqual([]);
    }
  });
});

describe('ForEach', () => {
  it('runs sequentially in order with item()', async () => {
    const h = createHarness([
      pipeline(
        'P',
        [
          act('Loop', 'ForEach', {
            items: expr('@createArray(1, 2, 3)'),
            isSequential: true,
            activities: [
              act('Add', 'AppendVariable', { variableName: 'list', value: expr('@mul(item(), 10)') }),
            ],
          }),
        ],
        { variables: vars },
      ),
    ]);
    const { doc } = await h.run('P');
    expect(doc.variables['list']).toEqual([10, 20, 30]);
    expect(doc.activityRuns.filter((a) => a.iteration).map((a) => a.iteration)).toEqual([
      'Loop[0]',
      'Loop[1]',
      'Loop[2]',
    ]);
  });

  it('runs at most batchCount iterations at once (capped at 50)', async () => {
    let running = 0;
    let peak = 0;
    const slow = {
      type: 'Slow',
      execute: async () => {
        running++;
        peak = Math.max(peak, running);
        for (let i = 0; i < 5; i++) await Promise.resolve();
        running--;
        return {};
      },
    };
    const loop = (batchCount: number) =>
      pipeline('P', [
        act('Loop', 'ForEach', { items: expr('@range(0, 100)'), batchCount, activities: [act('S', 'Slow')] }),
      ]);
    await createHarness([loop(3)], { executors: [slow], maxParallelActivities: 100 }).run('P');
    expect(peak).toBe(3);
    peak = 0;
    await createHarness([loop(80)], { executors: [slow], maxParallelActivities: 100 }).run('P');
    expect(peak).toBe(50);
  });

  it('finishes every iteration before failing when one iteration fails', async () => {
    const h = createHarness([
      pipeline('P', [
        act('Loop', 'ForEach', {
          items: expr('@range(0, 5)'),
          batchCount: 2,
          activities: [
            act('Maybe', 'IfCondition', {
              expression: expr('@equals(item(), 1)'),
              ifTrueActivities: [act('Bad', 'Boom', { message: 'item 1' })],
              ifFalseActivities: [act('Good', 'Succeed')],
            }),
          ],
        }),
      ]),
    ]);
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Failed');
    expect(doc.activityRuns.filter((a) => a.activityName === 'Good')).toHaveLength(4);
    expect(doc.activityRuns.find((a) => a.activityName === 'Loop')?.error?.message).toContain(
      'Inner activity name: Maybe',
    );
  });

  it('fails when items is not an array', async () => {
    const { doc } = await createHarness([
      pipeline('P', [act('Loop', 'ForEach', { items: expr("@'x'"), activities: [] })]),
    ]).run('P');
    expect(doc.activityRuns[0]?.error?.message).toContain('items: must evaluate to an Array');
  });
});

describe('Until, Wait, Fail, Filter, Validation', () => {
  it('loops until the expression holds, reading variables set inside', async () => {
    const h = createHarness([
      pipeline(
        'P',
        [
          act('Loop', 'Until', {
            expression: expr("@equals(length(variables('list')), 3)"),
            activities: [act('Add', 'AppendVariable', { variableName: 'list', value: 'x' })],
          }),
        ],
        { variables: vars },
      ),
    ]);
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Succeeded');
    expect(doc.variables['list']).toEqual(['x', 'x', 'x']);
    expect(doc.activityRuns.filter((a) => a.iteration).map((a) => a.iteration)).toEqual([
      'Loop[0]',
      'Loop[1]',
      'Loop[2]',
    ]);
  });

  it('times out an Until whose condition never holds', async () => {
    const h = createHarness([
      pipeline('P', [
        act('Loop', 'Until', {
          expression: expr('@false'),
          timeout: '0.00:01:00',
          activities: [act('W', 'Wait', { waitTimeInSeconds: 25 })],
        }),
      ]),
    ]);
    const start = h.clock.now();
    const { result, doc } = await h.run('P');
    expect(result.status).toBe('Failed');
    expect(h.clock.now() - start).toBe(60_000);
    expect(doc.activityRuns.find((a) => a.activityName === 'Loop')?.error?.errorCode).toBe('ActivityTimeout');
  });

  it('waits through the injected clock', async () => {
    const h = createHarness([pipeline('P', [act('W', 'Wait', { waitTimeInSeconds: expr('@add(1, 2)') })])]);
    const { doc } = await h.run('P');
    expect(doc.activityRuns[0]?.durationMs).toBe(3_000);
  });

  it.each([
    [{ message: 'no rows', errorCode: 'NODATA' }, 'no rows', 'NODATA'],
    [{ message: '', errorCode: 'X' }, 'Failed to interpret F fail message or error code', 'X'],
    [{ message: 'm', errorCode: '' }, 'm', 'ErrorCodeNotString'],
    [{ errorCode: 'X' }, "Fail message wasn't provided", 'X'],
    [{ message: 'm' }, 'm', 'ErrorCodeNotString'],
    [{ message: 5, errorCode: 'X' }, "F fail message parameter couldn't be interpreted as a string", 'X'],
  ])('Fail %j → %s / %s', async (tp, message, errorCode) => {
    const { result, doc } = await createHarness([pipeline('P', [act('F', 'Fail', tp)])]).run('P');
    expect(result.status).toBe('Failed');
    expect(doc.activityRuns[0]?.error).toEqual({ errorCode, message });
    expect(result.message).toBe(`Operation on target F failed: ${message}`);
  });

  it('filters items with output {ItemsCount, FilteredItemsCount, Value}', async () => {
    const { doc } = await createHarness([
      pipeline('P', [
        act('Keep', 'Filter', {
          items: expr("@createArray('a.csv', 'b.txt', 'c.csv')"),
          condition: expr("@endswith(item(), '.csv')"),
        }),
      ]),
    ]).run('P');
    expect(doc.activityRuns[0]?.output).toEqual({
      ItemsCount: 3,
      FilteredItemsCount: 2,
      Value: ['a.csv', 'c.csv'],
    });
  });

  it('Validation fails clearly without a dataset probe, and polls one until it passes', async () => {
    const v = pipeline('P', [
      act('V', 'Validation', { dataset: { referenceName: 'DS' }, sleep: 5, minimumSize: 1 }),
    ]);
    const none = await createHarness([v]).run('P');
    expect(none.doc.activityRuns[0]?.error?.message).toContain('Validation is not supported here');
    let calls = 0;
    const h = createHarness([v], {
      datasetProbe: { check: (req) => Promise.resolve(++calls === 3 && req.minimumSize === 1) },
    });
    const start = h.clock.now();
    expect((await h.run('P')).result.status).toBe('Succeeded');
    expect(h.clock.now() - start).toBe(10_000);
  });

  it('fails an activity of an unregistered type, naming the type and what is supported', async () => {
    const { doc } = await createHarness([pipeline('P', [act('Nb', 'DatabricksNotebook')])]).run('P');
    expect(doc.activityRuns[0]?.error?.errorCode).toBe('UnsupportedActivity');
    expect(doc.activityRuns[0]?.error?.message).toMatch(
      /type "DatabricksNotebook" is not supported by this Millrace runtime; supported: .*ForEach.*Succeed/,
    );
  });
});

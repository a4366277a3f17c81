import { describe, expect, it } from 'vitest';
import { act, createHarness, expr, pipeline } from './testing/engine-harness.js';

describe('runs started by a trigger', () => {
  const pl = pipeline(
    'PL_Slice',
    [
      act('Echo', 'Succeed', {
        output: {
          start: expr('@pipeline().parameters.winStart'),
          mode: expr('@pipeline().parameters.mode'),
          name: expr('@pipeline().TriggerName'),
          type: expr('@pipeline().TriggerType'),
          id: expr('@pipeline().TriggerId'),
          time: expr('@pipeline().TriggerTime'),
        },
      }),
    ],
    { parameters: { winStart: { type: 'String' }, mode: { type: 'String' } } },
  );

  it('evaluates trigger parameters in trigger scope and sets pipeline() Trigger* values', async () => {
    const h = createHarness([pl]);
    const { result, doc } = await h.run('PL_Slice', {
      runId: 'run-42',
      trigger: {
        type: 'TumblingWindowTrigger',
        name: 'TR_Hourly',
        id: 'tr-1',
        time: Date.parse('2024-01-01T01:10:00.123Z'),
        trigger: { outputs: { windowStartTime: '2024-01-01T00:00:00.0000000Z' } },
        parameters: {
          winStart: '@trigger().outputs.windowStartTime',
          mode: { type: 'Expression', value: "@concat('full-', trigger().outputs.windowStartTime)" },
        },
      },
    });
    expect(result.runId).toBe('run-42');
    expect(result.status).toBe('Succeeded');
    expect(doc.parameters).toEqual({
      winStart: '2024-01-01T00:00:00.0000000Z',
      mode: 'full-2024-01-01T00:00:00.0000000Z',
    });
    expect(doc.activityRuns[0]?.output).toMatchObject({
      name: 'TR_Hourly',
      type: 'TumblingWindowTrigger',
      id: 'tr-1',
      time: '2024-01-01T01:10:00.1230000Z',
    });
  });

  it('fails with the trigger and parameter name when a trigger parameter does not evaluate', () => {
    const h = createHarness([pl]);
    expect(() =>
      h.engine.startRun({
        pipeline: 'PL_Slice',
        trigger: {
          type: 'ScheduleTrigger',
          name: 'TR_D',
          id: 'x',
          time: 0,
          parameters: { winStart: '@triggerBody().fileName', mode: 'x' },
        },
      }),
    ).toThrow(/trigger "TR_D" parameter "winStart"/);
  });
});

import { describe, expect, it } from 'vitest';
import { act, createHarness, expr, pipeline, statuses } from '../testing/engine-harness.js';

// Switch matches an integer `on` by its text
// (https://learn.microsoft.com/azure/data-factory/control-flow-switch-activity); ADF integers are Int64, so an
// integer beyond 2^53 matches by its exact digits.
describe('Switch on an Int64 beyond 2^53', () => {
  it('routes by the exact digits, not those of the nearest double', async () => {
    const sw = (on: string) =>
      pipeline('P', [
        act('Route', 'Switch', {
          on: expr(on),
          cases: [
            { value: '9007199254740992', activities: [act('Rounded', 'Succeed')] },
            { value: '9007199254740993', activities: [act('Exact', 'Succeed')] },
          ],
          defaultActivities: [act('Other', 'Succeed')],
        }),
      ]);
    const exact = statuses((await createHarness([sw('@add(9007199254740992, 1)')]).run('P')).doc);
    expect(exact['Route(9007199254740993)/Exact']).toBe('Succeeded');
    expect(exact['Route(9007199254740992)/Rounded']).toBeUndefined();
    const ticks = statuses(
      (await createHarness([sw("@ticks('2024-01-01T00:00:00.0000001Z')")]).run('P')).doc,
    );
    expect(ticks['Route(default)/Other']).toBe('Succeeded');
  });
});

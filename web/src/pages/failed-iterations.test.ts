import { describe, expect, it } from 'vitest';
import type { ApiActivityRun } from '../../../src/server/api-types.js';
import { failedForEachIterations, failedIterationOf } from './failed-iterations.js';

const run = (
  activityName: string,
  activityType: string,
  status: string,
  iteration?: string,
): ApiActivityRun => ({
  activityName,
  activityType,
  status,
  start: '2026-01-01T00:00:00.000Z',
  end: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
  ...(iteration === undefined ? {} : { iteration }),
});

const runs = [
  run('Outer', 'ForEach', 'Failed'),
  run('Inner', 'ForEach', 'Succeeded', 'Outer[0]'),
  run('W', 'Wait', 'Succeeded', 'Outer[0]/Inner[0]'),
  run('Inner', 'ForEach', 'Failed', 'Outer[1]'),
  run('W', 'Wait', 'Succeeded', 'Outer[1]/Inner[0]'),
  run('Check', 'IfCondition', 'Failed', 'Outer[1]/Inner[1]'),
  run('Stop', 'Fail', 'Failed', 'Outer[1]/Inner[1]/Check(true)'),
  // Until iterations are written the same way but cannot be rerun alone.
  run('Again', 'Until', 'Failed'),
  run('U', 'Fail', 'Failed', 'Again[0]'),
  // A retried activity whose last attempt succeeded did not fail its iteration.
  run('Outer2', 'ForEach', 'Succeeded'),
  run('R', 'Web', 'Failed', 'Outer2[0]'),
  run('R', 'Web', 'Succeeded', 'Outer2[0]'),
];

describe('failed ForEach iterations of a run document', () => {
  it('lists each ForEach iteration holding a failed activity run, outer ones included', () => {
    expect([...failedForEachIterations(runs)].sort()).toEqual(['Outer[1]', 'Outer[1]/Inner[1]']);
  });
  it('finds the innermost failed iteration of a selected activity run, or none', () => {
    const failed = failedForEachIterations(runs);
    expect(failedIterationOf(runs[6], failed)).toBe('Outer[1]/Inner[1]');
    expect(failedIterationOf(runs[4], failed)).toBe('Outer[1]');
    expect(failedIterationOf(runs[2], failed)).toBeUndefined();
    expect(failedIterationOf(runs[0], failed)).toBeUndefined();
    expect(failedIterationOf(undefined, failed)).toBeUndefined();
  });
});

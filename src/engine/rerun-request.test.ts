import { describe, expect, it } from 'vitest';
import type { ActivityRunRecord, PipelineRunRecord } from '../contracts/index.js';
import { isMillraceError } from '../errors/index.js';
import { SECURE_MASK } from './masking.js';
import { planRerun } from './rerun-request.js';

const run = (over: Partial<PipelineRunRecord> = {}): PipelineRunRecord => ({
  runId: 'r1',
  pipeline: 'PL',
  status: 'Failed',
  parameters: { day: '2024-01-01', region: 'eu' },
  variables: { done: 2 },
  output: {},
  groupId: 'g1',
  invokedBy: { triggerType: 'Manual' },
  contentHash: 'h',
  queuedAt: 0,
  ...over,
});
const copied: ActivityRunRecord = {
  activityRunId: 'a1',
  runId: 'r1',
  seq: 1,
  activityName: 'Copy',
  activityType: 'Copy',
  status: 'Succeeded',
  attempt: 1,
  start: 0,
  end: 1,
  output: { rowsCopied: 3 },
};

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    return isMillraceError(err) ? err.code : 'not a MillraceError';
  }
  return undefined;
};

describe('planRerun (the rerun policy)', () => {
  it('keeps the group and parameters; given values replace the earlier ones', () => {
    const planned = planRerun(run(), [copied], { parameters: { region: 'us' } });
    expect(planned).toEqual({
      pipeline: 'PL',
      parameters: { day: '2024-01-01', region: 'us' },
      groupId: 'g1',
      invokedBy: { triggerType: 'Rerun', rerunOf: 'r1' },
    });
  });

  it('lets text values (-p) win over the stored ones, which are then left to the engine to parse', () => {
    const planned = planRerun(run(), [], { rawParameters: { day: '2024-02-02' } });
    expect(planned.rawParameters).toEqual({ day: '2024-02-02' });
    expect(planned.parameters).toEqual({ region: 'eu' });
  });

  it('from the failed activities: carries over what ran and the variables', () => {
    const planned = planRerun(run(), [copied], { fromFailed: true });
    expect(planned.variables).toEqual({ done: 2 });
    expect(planned.rerun?.runId).toBe('r1');
    expect(planned.rerun?.scopes.get('')?.get('Copy')).toMatchObject({ status: 'Succeeded' });
  });

  it('named iterations: carries over what ran, the variables and the iterations, without fromFailed', () => {
    const planned = planRerun(run(), [copied], { iterations: ['Loop[3]'] });
    expect(planned.variables).toEqual({ done: 2 });
    expect([...(planned.rerun?.iterations ?? [])]).toEqual(['Loop[3]']);
    expect(planRerun(run(), [copied], { fromFailed: true }).rerun?.iterations).toBeUndefined();
    expect(planRerun(run(), [copied], { iterations: [] }).rerun).toBeUndefined();
  });

  it('refuses a run that has not finished', () => {
    for (const status of ['Queued', 'InProgress', 'Canceling'] as const)
      expect(codeOf(() => planRerun(run({ status }), [], {}))).toBe('run/not-finished');
  });

  it('asks again for secure parameters, which were stored masked', () => {
    const masked = run({ parameters: { token: SECURE_MASK, day: 'x' } });
    expect(codeOf(() => planRerun(masked, [], {}))).toBe('run/secure-parameter-needed');
    expect(planRerun(masked, [], { rawParameters: { token: 't' } }).parameters).toEqual({ day: 'x' });
  });
});

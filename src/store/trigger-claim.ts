import type { TriggerClaim, TriggerRunRecord } from '../contracts/index.js';

/**
 * The claim rule every trigger store applies (in its own transaction): a key may be claimed when it has no
 * record yet, or a Waiting one whose retry time has come. Returns the Running record to store, or undefined.
 */
export function claimedRun(
  prev: TriggerRunRecord | undefined,
  c: TriggerClaim,
): TriggerRunRecord | undefined {
  if (prev && (prev.status !== 'Waiting' || (prev.nextAttemptAt ?? 0) > c.now)) return undefined;
  const base: TriggerRunRecord = prev ?? {
    trigger: c.trigger,
    key: c.key,
    kind: c.kind,
    pipeline: c.pipeline,
    status: 'Waiting',
    attempt: 0,
    scheduledTime: c.scheduledTime,
    ...(c.windowStart === undefined ? {} : { windowStart: c.windowStart }),
    ...(c.windowEnd === undefined ? {} : { windowEnd: c.windowEnd }),
    ...(c.payload === undefined ? {} : { payload: c.payload }),
  };
  const { nextAttemptAt: _n, endedAt: _e, message: _m, ...rest } = base;
  return {
    ...rest,
    status: 'Running',
    runId: c.runId,
    triggerRunId: c.triggerRunId,
    attempt: base.attempt + 1,
    firedAt: c.now,
  };
}

import type { ExprValue } from '../expressions/index.js';
import { asNumber, isNumeric } from '../expressions/index.js';
import { MillraceError } from '../errors/index.js';
import type { Activity } from '../model/index.js';
import { DEFAULT_ACTIVITY_TIMEOUT_MS, parseTimeSpan } from './timespan.js';

/** An activity's policy with expressions evaluated and ADF defaults applied: timeout 7 days, retry 0, retryIntervalInSeconds 30 (https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities#activity-policy). */
export interface ResolvedPolicy {
  readonly timeoutMs: number;
  /** Additional attempts after the first. */
  readonly retry: number;
  readonly retryIntervalMs: number;
}

/** Evaluates and checks `policy`; throws `engine/invalid-policy` naming the field. */
export function resolvePolicy(activity: Activity, evaluate: (v: unknown) => ExprValue): ResolvedPolicy {
  const p = activity.policy ?? {};
  const timeout = p.timeout === undefined ? undefined : evaluate(p.timeout);
  const retry = p.retry === undefined ? 0 : evaluate(p.retry);
  const interval = p.retryIntervalInSeconds ?? 30;
  const where = `activity "${activity.name}" policy`;
  if (!isNumeric(retry) || !Number.isInteger(asNumber(retry)) || asNumber(retry) < 0) {
    throw invalid(`${where}.retry must be an integer ≥ 0, got ${JSON.stringify(retry)}`);
  }
  if (typeof interval !== 'number' || interval < 0) {
    throw invalid(`${where}.retryIntervalInSeconds must be a number ≥ 0`);
  }
  let timeoutMs = DEFAULT_ACTIVITY_TIMEOUT_MS;
  if (timeout !== undefined && timeout !== null) {
    if (typeof timeout !== 'string') throw invalid(`${where}.timeout must be a TimeSpan string (d.hh:mm:ss)`);
    timeoutMs = parseTimeSpan(timeout, `${where}.timeout`);
  }
  return { timeoutMs, retry: asNumber(retry), retryIntervalMs: interval * 1000 };
}

function invalid(message: string): MillraceError {
  return new MillraceError({ code: 'engine/invalid-policy', message });
}

/** `d.hh:mm:ss` of a duration, for messages. */
export function formatTimeSpan(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(s / 86400)}.${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

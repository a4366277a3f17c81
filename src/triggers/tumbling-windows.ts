import { DateTime } from 'luxon';
import { parseTimeSpan } from '../engine/index.js';
import type { JsonObject, JsonValue } from '../model/index.js';
import { invalid, isObject, optInt, optStr, str } from './trigger-json.js';
import { parseTriggerTime } from './time-zone.js';

/** `frequency` of a TumblingWindowTrigger. */
export const WindowFrequency = { Minute: 'Minute', Hour: 'Hour', Month: 'Month' } as const;
export type WindowFrequency = (typeof WindowFrequency)[keyof typeof WindowFrequency];

/** A `dependsOn` entry: another trigger's windows (`trigger`), or the trigger's own earlier ones (`self`). */
export interface WindowDependency {
  /** Referenced trigger; absent for a self-dependency. */
  readonly trigger?: string;
  /** Offset of the required range from the window start (ms; may be negative). */
  readonly offsetMs: number;
  /** Size of the required range (ms); default: the dependent window's own size. */
  readonly sizeMs?: number;
}

/** A parsed TumblingWindowTrigger: instants in epoch ms (windows are UTC). */
export interface TumblingWindowSpec {
  readonly frequency: WindowFrequency;
  readonly interval: number;
  readonly startTime: number;
  /** Windows ending after it do not run. */
  readonly endTime?: number;
  /** A window's run starts at window end + delay. */
  readonly delayMs: number;
  /** Windows running at once (1..50). */
  readonly maxConcurrency: number;
  /** Retries after the first attempt, and the pause before each. */
  readonly retry: { readonly count: number; readonly intervalMs: number };
  readonly dependsOn: readonly WindowDependency[];
}

/** One window: `[start, end)` in epoch ms; index 0 starts at `startTime`. */
export interface TimeWindow {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

const STEP_MS = { Minute: 60_000, Hour: 3_600_000 } as const;

/**
 * Parses the `typeProperties` of a TumblingWindowTrigger.
 * @throws ConfigError `trigger/invalid-definition`, `trigger/invalid-time`
 */
export function parseTumblingWindowSpec(tp: JsonObject, trigger: string): TumblingWindowSpec {
  const path = '$.properties.typeProperties';
  const frequency = str(tp, 'frequency', trigger, path);
  if (!(frequency in WindowFrequency)) {
    invalid(trigger, `${path}.frequency`, `"${frequency}" is not supported (allowed: Minute, Hour, Month)`);
  }
  const time = (key: string): number | undefined => {
    const v = optStr(tp, key, trigger, path);
    return v === undefined ? undefined : parseTriggerTime(v, 'UTC', `trigger "${trigger}" ${path}.${key}`);
  };
  const startTime = time('startTime') ?? invalid(trigger, `${path}.startTime`, 'is required');
  const endTime = time('endTime');
  const span = (v: unknown, p: string): number => {
    if (typeof v !== 'string') return invalid(trigger, p, 'must be a TimeSpan (hh:mm:ss)');
    return parseTimeSpan(v, `trigger "${trigger}" ${p}`);
  };
  const rp = tp['retryPolicy'];
  const retry = isObject(rp)
    ? {
        count: optInt(rp, 'count', trigger, `${path}.retryPolicy`, 0, 1000) ?? 0,
        intervalMs: (optInt(rp, 'intervalInSeconds', trigger, `${path}.retryPolicy`, 0, 86_400) ?? 30) * 1000,
      }
    : { count: 0, intervalMs: 30_000 };
  const deps = Array.isArray(tp['dependsOn']) ? tp['dependsOn'] : [];
  const dependsOn = (deps as JsonValue[]).map((d, i): WindowDependency => {
    const dp = `${path}.dependsOn[${i}]`;
    if (!isObject(d)) return invalid(trigger, dp, 'must be an object');
    const self = d['type'] === 'SelfDependencyTumblingWindowTriggerReference';
    const offsetMs = d['offset'] === undefined ? 0 : span(d['offset'], `${dp}.offset`);
    const sizeMs = d['size'] === undefined ? undefined : span(d['size'], `${dp}.size`);
    if (self && offsetMs >= 0) invalid(trigger, `${dp}.offset`, 'a self-dependency needs a negative offset');
    if (sizeMs !== undefined && sizeMs <= 0) invalid(trigger, `${dp}.size`, 'must be positive');
    const ref = d['referenceTrigger'];
    const name = isObject(ref) ? ref['referenceName'] : undefined;
    if (!self && typeof name !== 'string')
      invalid(trigger, `${dp}.referenceTrigger.referenceName`, 'is required');
    return {
      ...(self ? {} : { trigger: name as string }),
      offsetMs,
      ...(sizeMs === undefined ? {} : { sizeMs }),
    };
  });
  return {
    frequency: frequency as WindowFrequency,
    interval: optInt(tp, 'interval', trigger, path, 1, 100_000) ?? 1,
    startTime,
    ...(endTime === undefined ? {} : { endTime }),
    delayMs: tp['delay'] === undefined ? 0 : span(tp['delay'], `${path}.delay`),
    maxConcurrency: optInt(tp, 'maxConcurrency', trigger, path, 1, 50) ?? 1,
    retry,
    dependsOn,
  };
}

function boundary(spec: TumblingWindowSpec, index: number): number {
  if (spec.frequency === 'Month') {
    return DateTime.fromMillis(spec.startTime, { zone: 'utc' })
      .plus({ months: index * spec.interval })
      .toMillis();
  }
  return spec.startTime + index * spec.interval * STEP_MS[spec.frequency];
}

/** Window `index` (0 = the first, from `startTime`). */
export function windowAt(spec: TumblingWindowSpec, index: number): TimeWindow {
  return { index, start: boundary(spec, index), end: boundary(spec, index + 1) };
}

/** Index of the window that contains `t` (negative before `startTime`). */
export function windowIndexAt(spec: TumblingWindowSpec, t: number): number {
  if (spec.frequency !== 'Month') {
    return Math.floor((t - spec.startTime) / (spec.interval * STEP_MS[spec.frequency]));
  }
  let i = Math.floor((t - spec.startTime) / (spec.interval * 31 * 86_400_000));
  while (boundary(spec, i + 1) <= t) i++;
  while (boundary(spec, i) > t) i--;
  return i;
}

/** True when the window is inside the trigger's range (ends by `endTime`, when there is one). */
export function isWindowInRange(spec: TumblingWindowSpec, w: TimeWindow): boolean {
  return w.index >= 0 && (spec.endTime === undefined || w.end <= spec.endTime);
}

/** When a window's run is due: its end plus `delay`. */
export function windowDueAt(spec: TumblingWindowSpec, w: TimeWindow): number {
  return w.end + spec.delayMs;
}

/** Index of the last window due at `now` (-1 when none is), capped by `endTime`. */
export function lastDueWindowIndex(spec: TumblingWindowSpec, now: number): number {
  let i = windowIndexAt(spec, now - spec.delayMs) - 1;
  while (i >= 0 && !isWindowInRange(spec, windowAt(spec, i))) i--;
  return i;
}

/** Windows of `spec` (in range) that overlap `[from, to)`. */
export function windowsOverlapping(spec: TumblingWindowSpec, from: number, to: number): TimeWindow[] {
  const out: TimeWindow[] = [];
  for (let i = Math.max(0, windowIndexAt(spec, from)); ; i++) {
    const w = windowAt(spec, i);
    if (w.start >= to || !isWindowInRange(spec, w)) break;
    if (w.end > from) out.push(w);
  }
  return out;
}

/** The range `[from, to)` a dependency requires for window `w`: `[w.start + offset, + size)`. */
export function dependencyRange(w: TimeWindow, dep: WindowDependency): { from: number; to: number } {
  const from = w.start + dep.offsetMs;
  return { from, to: from + (dep.sizeMs ?? w.end - w.start) };
}

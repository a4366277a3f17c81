import { describe, expect, it } from 'vitest';
import { ExprCode } from '../../expression-codes.js';
import { evError } from '../../testing/eval-helpers.js';
import { datetimeFunctions } from './index.js';

const ARITY: Record<string, [number, number]> = {
  addDays: [2, 3],
  addHours: [2, 3],
  addMinutes: [2, 3],
  addSeconds: [2, 3],
  addToTime: [3, 4],
  convertFromUtc: [2, 3],
  convertTimeZone: [3, 4],
  convertToUtc: [2, 3],
  dayOfMonth: [1, 1],
  dayOfWeek: [1, 1],
  dayOfYear: [1, 1],
  formatDateTime: [1, 2],
  getFutureTime: [2, 3],
  getPastTime: [2, 3],
  startOfDay: [1, 2],
  startOfHour: [1, 2],
  startOfMonth: [1, 2],
  subtractFromTime: [3, 4],
  ticks: [1, 1],
  utcNow: [0, 1],
};

describe('datetimeFunctions', () => {
  it('registers every ADF date/time function once, with ADF arity', () => {
    const got = Object.fromEntries(datetimeFunctions.map((f) => [f.name, [f.minArgs, f.maxArgs]]));
    expect(got).toEqual(ARITY);
    expect(datetimeFunctions).toHaveLength(Object.keys(ARITY).length);
  });
});

describe('date/time error codes', () => {
  it.each([
    ["@formatDateTime('not a date')", ExprCode.InvalidTimestamp],
    ["@convertTimeZone('2018-03-11T02:30:00', 'Pacific Standard Time', 'UTC')", ExprCode.InvalidTimestamp],
    ["@convertFromUtc('2018-01-01T00:00:00Z', 'Mars Standard Time')", ExprCode.UnknownTimeZone],
    ["@addToTime('2018-01-01', 1, 'Fortnight')", ExprCode.InvalidTimeUnit],
    [
      "@convertTimeZone('2018-01-01T08:00:00Z', 'Pacific Standard Time', 'UTC')",
      ExprCode.TimestampKindMismatch,
    ],
    ["@formatDateTime('2018-01-01', 'fffffffff')", ExprCode.InvalidFormat],
    ["@addDays('9999-12-31', 1)", ExprCode.OutOfRange],
    ['@addDays(1, 1)', ExprCode.Type],
  ])('%s fails with %s, a registered ExprCode', (text, code) => {
    expect(evError(text).code).toBe(code);
    expect(Object.values(ExprCode)).toContain(code);
  });
});

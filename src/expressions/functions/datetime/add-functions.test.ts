import { describe, expect, it } from 'vitest';
import { FunctionError, type FunctionContext, type FunctionDef } from '../function-def.js';
import { toFloatValue, type ExprValue } from '../../value.js';
import { addDays, addHours, addMinutes, addSeconds, addToTime, subtractFromTime } from './add-functions.js';

const ctx: FunctionContext = { now: () => Date.UTC(2018, 3, 15, 13), newGuid: () => 'g', random: () => 0 };
const call = (def: FunctionDef, ...args: ExprValue[]): ExprValue => def.call(args, ctx);
const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (e) {
    return e instanceof FunctionError ? e.code : 'not-a-function-error';
  }
  return undefined;
};

describe('Microsoft Learn examples', () => {
  it('addDays (doc prints a typo; .NET keeps the time of day)', () => {
    expect(call(addDays, '2018-03-15T13:00:00Z', 10)).toBe('2018-03-25T13:00:00.0000000Z');
    expect(call(addDays, '2018-03-15T00:00:00Z', 10)).toBe('2018-03-25T00:00:00.0000000Z');
    expect(call(addDays, '2018-03-15T00:00:00Z', -5)).toBe('2018-03-10T00:00:00.0000000Z');
  });
  it('addHours', () => {
    expect(call(addHours, '2018-03-15T00:00:00Z', 10)).toBe('2018-03-15T10:00:00.0000000Z');
    expect(call(addHours, '2018-03-15T15:00:00Z', -5)).toBe('2018-03-15T10:00:00.0000000Z');
  });
  it('addMinutes', () => {
    expect(call(addMinutes, '2018-03-15T00:10:00Z', 10)).toBe('2018-03-15T00:20:00.0000000Z');
    expect(call(addMinutes, '2018-03-15T00:20:00Z', -5)).toBe('2018-03-15T00:15:00.0000000Z');
  });
  it('addSeconds', () => {
    expect(call(addSeconds, '2018-03-15T00:00:00Z', 10)).toBe('2018-03-15T00:00:10.0000000Z');
    expect(call(addSeconds, '2018-03-15T00:00:30Z', -5)).toBe('2018-03-15T00:00:25.0000000Z');
  });
  it('addToTime', () => {
    expect(call(addToTime, '2018-01-01T00:00:00Z', 1, 'Day')).toBe('2018-01-02T00:00:00.0000000Z');
    expect(call(addToTime, '2018-01-01T00:00:00Z', 1, 'Day', 'D')).toBe('Tuesday, January 2, 2018');
  });
  it('subtractFromTime (doc output has typos: "00:00:00:0000000Z", "January, 1")', () => {
    expect(call(subtractFromTime, '2018-01-02T00:00:00Z', 1, 'Day')).toBe('2018-01-01T00:00:00.0000000Z');
    expect(call(subtractFromTime, '2018-01-02T00:00:00Z', 1, 'Day', 'D')).toBe('Monday, January 1, 2018');
  });
});

describe('time units', () => {
  it.each([
    ['Second', '2018-01-01T00:00:02.0000000Z'],
    ['Minute', '2018-01-01T00:02:00.0000000Z'],
    ['Hour', '2018-01-01T02:00:00.0000000Z'],
    ['Day', '2018-01-03T00:00:00.0000000Z'],
    ['Week', '2018-01-15T00:00:00.0000000Z'],
    ['Month', '2018-03-01T00:00:00.0000000Z'],
    ['Year', '2020-01-01T00:00:00.0000000Z'],
  ])('adds 2 %s', (unit, expected) => {
    expect(call(addToTime, '2018-01-01T00:00:00Z', 2, unit)).toBe(expected);
  });
  it('accepts units case-insensitively', () => {
    expect(call(addToTime, '2018-01-01T00:00:00Z', 1, 'day')).toBe('2018-01-02T00:00:00.0000000Z');
  });
  it('rejects unknown units, listing the valid ones', () => {
    expect(code(() => call(addToTime, '2018-01-01', 1, 'Fortnight'))).toBe('expr/invalid-time-unit');
    expect(() => call(addToTime, '2018-01-01', 1, 'Days')).toThrow(
      /Second, Minute, Hour, Day, Week, Month, Year/,
    );
  });
});

describe('month-end arithmetic (.NET AddMonths clamps the day)', () => {
  it.each([
    ['2024-01-31', 1, 'Month', '2024-02-29T00:00:00.0000000'],
    ['2023-01-31', 1, 'Month', '2023-02-28T00:00:00.0000000'],
    ['2024-03-31T10:00:00Z', -1, 'Month', '2024-02-29T10:00:00.0000000Z'],
    ['2024-01-31T23:59:59.9999999Z', 3, 'Month', '2024-04-30T23:59:59.9999999Z'],
    ['2024-02-29T10:00:00Z', 1, 'Year', '2025-02-28T10:00:00.0000000Z'],
    ['2024-02-29T10:00:00Z', 4, 'Year', '2028-02-29T10:00:00.0000000Z'],
    ['2018-12-15', 1, 'Month', '2019-01-15T00:00:00.0000000'],
    ['2018-01-15', -13, 'Month', '2016-12-15T00:00:00.0000000'],
  ])('addToTime(%s, %i, %s)', (ts, n, unit, expected) => {
    expect(call(addToTime, ts, n, unit)).toBe(expected);
  });
  it('subtractFromTime clamps too', () => {
    expect(call(subtractFromTime, '2024-03-31T00:00:00Z', 1, 'Month')).toBe('2024-02-29T00:00:00.0000000Z');
  });
});

describe('precision, kinds and formats', () => {
  it('keeps 7 fractional digits', () => {
    expect(call(addSeconds, '2018-03-15T00:00:00.1234567Z', 1)).toBe('2018-03-15T00:00:01.1234567Z');
    expect(call(addToTime, '2018-03-15T00:00:00.0000001Z', 1, 'Month')).toBe('2018-04-15T00:00:00.0000001Z');
  });
  it('keeps the kind of the input', () => {
    expect(call(addDays, '2018-03-15', 1)).toBe('2018-03-16T00:00:00.0000000');
    expect(call(addDays, '2018-03-15T01:00:00+02:00', 1)).toBe('2018-03-15T23:00:00.0000000+00:00');
  });
  it('applies the optional format', () => {
    expect(call(addDays, '2018-03-15T00:00:00Z', 1, 'yyyyMMdd')).toBe('20180316');
    expect(call(subtractFromTime, '2018-03-15T00:00:00Z', 1, 'Week', 'yyyy-MM-dd')).toBe('2018-03-08');
  });
  it('accepts a float amount for addX, rounded to the millisecond like .NET AddHours(double)', () => {
    expect(call(addHours, '2018-03-15T00:00:00Z', 1.5)).toBe('2018-03-15T01:30:00.0000000Z');
    expect(call(addDays, '2018-03-15T00:00:00Z', toFloatValue(2))).toBe('2018-03-17T00:00:00.0000000Z');
  });
});

describe('errors', () => {
  it('rejects non-string timestamps and non-numeric amounts', () => {
    expect(code(() => call(addDays, 20180315, 1))).toBe('expr/type');
    expect(code(() => call(addDays, null, 1))).toBe('expr/type');
    expect(code(() => call(addDays, '2018-03-15', '1'))).toBe('expr/type');
    expect(code(() => call(addToTime, '2018-03-15', 1.5, 'Day'))).toBe('expr/type');
    expect(code(() => call(addToTime, '2018-03-15', 1, 2))).toBe('expr/type');
    expect(code(() => call(addDays, '2018-03-15', 1, 5))).toBe('expr/type');
  });
  it('rejects invalid timestamps and formats, naming the function', () => {
    expect(code(() => call(addDays, '2018-02-30', 1))).toBe('expr/invalid-timestamp');
    expect(() => call(addDays, 'soon', 1)).toThrow(/^addDays: 'soon' is not a valid timestamp/);
    expect(code(() => call(addDays, '2018-03-15', 1, 'q'))).toBe('expr/invalid-format');
  });
  it('rejects results outside 0001..9999', () => {
    expect(code(() => call(addDays, '9999-12-31T00:00:00Z', 1))).toBe('expr/out-of-range');
    expect(code(() => call(subtractFromTime, '0001-01-01', 1, 'Second'))).toBe('expr/out-of-range');
    expect(code(() => call(addToTime, '2018-01-01', 9000, 'Year'))).toBe('expr/out-of-range');
  });
});

import { describe, expect, it } from 'vitest';
import { FunctionError, type FunctionContext, type FunctionDef } from '../function-def.js';
import type { ExprValue } from '../../value.js';
import { convertFromUtc, convertTimeZone, convertToUtc } from './zone-functions.js';

const ctx: FunctionContext = { now: () => 0, newGuid: () => 'g', random: () => 0 };
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
  it('convertFromUtc (doc shows a trailing Z; .NET returns an offset-less local time)', () => {
    expect(call(convertFromUtc, '2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')).toBe(
      '2018-01-01T00:00:00.0000000',
    );
    expect(call(convertFromUtc, '2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')).toBe(
      'Monday, January 1, 2018',
    );
  });
  it('convertTimeZone', () => {
    expect(call(convertTimeZone, '2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')).toBe(
      '2018-01-01T00:00:00.0000000',
    );
    expect(call(convertTimeZone, '2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')).toBe(
      'Monday, January 1, 2018',
    );
  });
  it('convertToUtc', () => {
    expect(call(convertToUtc, '01/01/2018 00:00:00', 'Pacific Standard Time')).toBe(
      '2018-01-01T08:00:00.0000000Z',
    );
    expect(call(convertToUtc, '01/01/2018 00:00:00', 'Pacific Standard Time', 'D')).toBe(
      'Monday, January 1, 2018',
    );
  });
});

describe('zone conversions', () => {
  it('converts between two non-UTC zones across DST rules', () => {
    expect(
      call(convertTimeZone, '2018-06-01 12:00:00', 'W. Europe Standard Time', 'Pacific Standard Time'),
    ).toBe('2018-06-01T03:00:00.0000000');
    expect(
      call(convertTimeZone, '2018-12-01 12:00:00', 'W. Europe Standard Time', 'Pacific Standard Time'),
    ).toBe('2018-12-01T03:00:00.0000000');
  });
  it('returns Z when the destination is UTC', () => {
    expect(call(convertTimeZone, '2018-06-01 12:00:00', 'W. Europe Standard Time', 'UTC')).toBe(
      '2018-06-01T10:00:00.0000000Z',
    );
    expect(call(convertFromUtc, '2018-06-01T10:00:00Z', 'UTC')).toBe('2018-06-01T10:00:00.0000000Z');
  });
  it('accepts IANA names', () => {
    expect(call(convertFromUtc, '2018-06-01T10:00:00Z', 'Europe/London')).toBe('2018-06-01T11:00:00.0000000');
    expect(call(convertToUtc, '2018-06-01 11:00:00', 'Europe/London')).toBe('2018-06-01T10:00:00.0000000Z');
  });
  it('reads an unqualified input of convertFromUtc as UTC', () => {
    expect(call(convertFromUtc, '2018-01-01 08:00:00', 'Pacific Standard Time')).toBe(
      '2018-01-01T00:00:00.0000000',
    );
  });
  it('applies custom formats', () => {
    expect(call(convertFromUtc, '2018-07-01T08:00:00Z', 'Pacific Standard Time', 'yyyy-MM-dd HH:mm')).toBe(
      '2018-07-01 01:00',
    );
  });
});

describe('errors', () => {
  it('names unknown zones with guidance', () => {
    expect(code(() => call(convertFromUtc, '2018-01-01T00:00:00Z', 'Atlantis Time'))).toBe(
      'expr/unknown-time-zone',
    );
    expect(code(() => call(convertTimeZone, '2018-01-01', 'UTC', 'Nowhere'))).toBe('expr/unknown-time-zone');
    expect(() => call(convertToUtc, '2018-01-01', 'PST')).toThrow(/^convertToUtc: unknown time zone 'PST'/);
  });
  it('rejects a skipped local time', () => {
    expect(code(() => call(convertToUtc, '2018-03-11T02:30:00', 'Pacific Standard Time'))).toBe(
      'expr/invalid-timestamp',
    );
  });
  it('rejects a UTC timestamp with a non-UTC source zone (.NET ConvertTime rule)', () => {
    expect(code(() => call(convertToUtc, '2018-01-01T00:00:00Z', 'Pacific Standard Time'))).toBe(
      'expr/timestamp-kind-mismatch',
    );
  });
  it('checks argument types', () => {
    expect(code(() => call(convertFromUtc, '2018-01-01', 5))).toBe('expr/type');
    expect(code(() => call(convertTimeZone, 1, 'UTC', 'UTC'))).toBe('expr/type');
  });
});

import { describe, expect, it } from 'vitest';
import { FunctionError, type FunctionContext, type FunctionDef } from '../function-def.js';
import type { ExprValue } from '../../value.js';
import { dayOfMonth, dayOfWeek, dayOfYear, startOfDay, startOfHour, startOfMonth } from './parts.js';

const ctx: FunctionContext = { now: () => 0, newGuid: () => 'g', random: () => 0 };
const call = (def: FunctionDef, ...args: ExprValue[]): ExprValue => def.call(args, ctx);

describe('day parts', () => {
  it('match the Microsoft Learn examples', () => {
    expect(call(dayOfMonth, '2018-03-15T13:27:36Z')).toBe(15);
    expect(call(dayOfYear, '2018-03-15T13:27:36Z')).toBe(74);
  });
  it('dayOfWeek counts from Sunday = 0 (2018-03-15 is a Thursday: 4; the doc prints 3)', () => {
    expect(call(dayOfWeek, '2018-03-15T13:27:36Z')).toBe(4);
    expect(call(dayOfWeek, '2018-04-15')).toBe(0);
    expect(call(dayOfWeek, '2018-04-21')).toBe(6);
    expect(call(dayOfWeek, '0001-01-01')).toBe(1);
  });
  it('handles leap years', () => {
    expect(call(dayOfYear, '2024-12-31')).toBe(366);
    expect(call(dayOfYear, '2023-12-31')).toBe(365);
    expect(call(dayOfMonth, '2024-02-29T23:59:59.9999999Z')).toBe(29);
  });
  it('reads an offset timestamp after converting it to UTC', () => {
    expect(call(dayOfMonth, '2018-03-15T01:00:00+02:00')).toBe(14);
  });
  it('rejects bad input', () => {
    expect(() => call(dayOfWeek, 5)).toThrow(FunctionError);
    expect(() => call(dayOfYear, '2018-02-30')).toThrow(/dayOfYear: '2018-02-30' is not a valid timestamp/);
  });
});

describe('startOfDay / startOfHour / startOfMonth', () => {
  it('match the Microsoft Learn examples', () => {
    expect(call(startOfDay, '2018-03-15T13:30:30Z')).toBe('2018-03-15T00:00:00.0000000Z');
    expect(call(startOfHour, '2018-03-15T13:30:30Z')).toBe('2018-03-15T13:00:00.0000000Z');
    expect(call(startOfMonth, '2018-03-15T13:30:30Z')).toBe('2018-03-01T00:00:00.0000000Z');
  });
  it('clear the fraction and keep the kind', () => {
    expect(call(startOfHour, '2018-03-15T13:30:30.1234567Z')).toBe('2018-03-15T13:00:00.0000000Z');
    expect(call(startOfDay, '2018-03-15T13:30:30')).toBe('2018-03-15T00:00:00.0000000');
    expect(call(startOfDay, '2018-03-15T01:30:00+02:00')).toBe('2018-03-14T00:00:00.0000000+00:00');
  });
  it('apply the optional format', () => {
    expect(call(startOfMonth, '2018-03-15T13:30:30Z', 'yyyy-MM-dd')).toBe('2018-03-01');
    expect(call(startOfDay, '2018-03-15T13:30:30Z', 'D')).toBe('Thursday, March 15, 2018');
  });
});

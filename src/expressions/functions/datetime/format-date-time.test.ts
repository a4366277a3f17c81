import { describe, expect, it } from 'vitest';
import { FunctionError, type FunctionContext } from '../function-def.js';
import type { ExprValue } from '../../value.js';
import { formatDateTime } from './format-date-time.js';

const ctx: FunctionContext = { now: () => 0, newGuid: () => 'g', random: () => 0 };
const call = (...args: ExprValue[]): ExprValue => formatDateTime.call(args, ctx);

describe('formatDateTime', () => {
  it('matches the Microsoft Learn example', () => {
    expect(call('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')).toBe('2018-03-15T12:00:00');
  });
  it('defaults to o, keeping the kind and 7 digits', () => {
    expect(call('2018-03-15T13:00:00Z')).toBe('2018-03-15T13:00:00.0000000Z');
    expect(call('2018-03-15T13:00:00.1234567Z')).toBe('2018-03-15T13:00:00.1234567Z');
    expect(call('2018-03-15')).toBe('2018-03-15T00:00:00.0000000');
  });
  it('renders file-name idioms', () => {
    expect(call('2018-03-05T07:08:09Z', 'yyyy/MM/dd/HH')).toBe('2018/03/05/07');
    expect(call('2018-03-05T07:08:09Z', "'data_'yyyyMMdd'.csv'")).toBe('data_20180305.csv');
  });
  it('rejects bad formats and timestamps', () => {
    expect(() => call('2018-03-15', 'ffffffff')).toThrow(/^formatDateTime: 'ffffffff' is not a valid/);
    expect(() => call('15/03/2018')).toThrow(FunctionError);
    expect(() => call('2018-03-15', null)).toThrow(/must be a String, got Null/);
  });
});

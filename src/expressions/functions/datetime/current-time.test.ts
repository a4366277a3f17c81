import { describe, expect, it } from 'vitest';
import { FunctionError, type FunctionContext, type FunctionDef } from '../function-def.js';
import type { ExprValue } from '../../value.js';
import { evalContextFromJson } from '../../eval-context-json.js';
import { evaluateTemplate } from '../../evaluate-template.js';
import { getFutureTime, getPastTime, utcNow } from './current-time.js';

const sources = { now: () => 0, newGuid: () => 'g', random: () => 0 };

const at = (epochMs: number): FunctionContext => ({
  now: () => epochMs,
  newGuid: () => 'g',
  random: () => 0,
});
const call = (def: FunctionDef, ctx: FunctionContext, ...args: ExprValue[]): ExprValue => def.call(args, ctx);

describe('utcNow', () => {
  const april15 = at(Date.UTC(2018, 3, 15, 13, 0, 0));
  it('matches the Microsoft Learn examples', () => {
    expect(call(utcNow, april15)).toBe('2018-04-15T13:00:00.0000000Z');
    expect(call(utcNow, april15, 'D')).toBe('Sunday, April 15, 2018');
  });
  it('uses the injected clock with millisecond precision', () => {
    expect(call(utcNow, at(Date.UTC(2024, 0, 2, 3, 4, 5, 678)))).toBe('2024-01-02T03:04:05.6780000Z');
    expect(call(utcNow, at(Date.UTC(2024, 0, 2)), 'yyyy-dd-MM')).toBe('2024-02-01');
  });
  it('rejects a non-string format', () => {
    expect(() => call(utcNow, april15, 1)).toThrow(FunctionError);
  });
  // ADF's clock has 100-ns ticks (formatDateTime's `fffffff`,
  // https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#utcnow): a fixed
  // clock with 7 fractional digits keeps them all, through ticks() and getFutureTime() too.
  it('keeps the 100-ns ticks of a fixed clock given to millrace eval', () => {
    const ctx = evalContextFromJson({ now: '2024-01-31T12:00:00.1234567Z' }, sources).functions;
    expect(call(utcNow, ctx)).toBe('2024-01-31T12:00:00.1234567Z');
    expect(call(utcNow, ctx, 'fffffff')).toBe('1234567');
    expect(call(getFutureTime, ctx, 1, 'Second')).toBe('2024-01-31T12:00:01.1234567Z');
    expect(
      evaluateTemplate(
        '@{ticks(utcNow())}',
        evalContextFromJson({ now: '2024-01-31T12:00:00.0000001Z' }, sources),
      ),
    ).toBe('638422992000000001');
    const before1970 = evalContextFromJson({ now: '1969-12-31T23:59:59.9999999Z' }, sources).functions;
    expect(call(utcNow, before1970)).toBe('1969-12-31T23:59:59.9999999Z');
  });
});

describe('getFutureTime / getPastTime', () => {
  it('match the Microsoft Learn examples', () => {
    const march1 = at(Date.UTC(2018, 2, 1));
    expect(call(getFutureTime, march1, 5, 'Day')).toBe('2018-03-06T00:00:00.0000000Z');
    expect(call(getFutureTime, march1, 5, 'Day', 'D')).toBe('Tuesday, March 6, 2018');
    const feb1 = at(Date.UTC(2018, 1, 1));
    expect(call(getPastTime, feb1, 5, 'Day')).toBe('2018-01-27T00:00:00.0000000Z');
    expect(call(getPastTime, feb1, 5, 'Day', 'D')).toBe('Saturday, January 27, 2018');
  });
  it('clamps month ends', () => {
    expect(call(getFutureTime, at(Date.UTC(2024, 0, 31)), 1, 'Month')).toBe('2024-02-29T00:00:00.0000000Z');
    expect(call(getPastTime, at(Date.UTC(2024, 2, 31)), 1, 'Month')).toBe('2024-02-29T00:00:00.0000000Z');
  });
  it('checks argument types and units', () => {
    const now = at(0);
    const code = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (e) {
        return e instanceof FunctionError ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => call(getFutureTime, now, '5', 'Day'))).toBe('expr/type');
    expect(code(() => call(getPastTime, now, 5, 'Decade'))).toBe('expr/invalid-time-unit');
  });
});

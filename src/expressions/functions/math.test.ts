import { describe, expect, it } from 'vitest';
import { ev, evError, evJson } from '../testing/eval-helpers.js';
import { ExprInt64, isExprFloat, isInteger } from '../value.js';

describe('math functions: documented examples', () => {
  it.each([
    ['@add(1, 1.5)', 2.5],
    ['@sub(10.3, .3)', 10],
    ['@mul(1.5, 2)', 3],
    ['@div(11, 5)', 2],
    ['@div(11, 5.0)', 2.2],
    ['@mod(3, 2)', 1],
    ['@mod(-5, 2)', -1],
    ['@max(1, 2, 3)', 3],
    ['@max(createArray(1, 2, 3))', 3],
    ['@min(1, 2, 3)', 1],
    ['@min(createArray(1, 2, 3))', 1],
    ['@range(1, 4)', [1, 2, 3, 4]],
  ])('%s → %j', (text, expected) => {
    expect(evJson(text)).toEqual(expected);
  });
});

describe('math functions: integers and floats', () => {
  it('integer op integer stays integer; any float makes a float', () => {
    expect(isInteger(ev('@add(1, 2)'))).toBe(true);
    expect(isExprFloat(ev('@add(1.0, 2)'))).toBe(true);
    expect(isExprFloat(ev('@sub(10.3, .3)'))).toBe(true);
    expect(isExprFloat(ev('@mul(1.5, 2)'))).toBe(true);
    expect(isExprFloat(ev('@div(6.0, 3)'))).toBe(true);
    expect(ev('@string(mul(1.5, 2))')).toBe('3');
  });
  it('integer division truncates toward zero', () => {
    expect(ev('@div(7, 2)')).toBe(3);
    expect(ev('@div(-7, 2)')).toBe(-3);
    expect(ev('@div(7, -2)')).toBe(-3);
    expect(ev('@div(7.0, 2)')).toBe(3.5);
  });
  it('division and modulo by zero are errors', () => {
    expect(evError('@div(1, 0)').code).toBe('expr/division-by-zero');
    expect(evError('@div(1.5, 0.0)').code).toBe('expr/division-by-zero');
    expect(evError('@mod(1, 0)').code).toBe('expr/division-by-zero');
  });
  it('mod of floats keeps the sign of the dividend', () => {
    expect(ev('@mod(5.5, 2)')).toBe(1.5);
    expect(ev('@mod(-5.5, 2)')).toBe(-1.5);
  });
  it('integers are Int64: results beyond ±2^53 are allowed, beyond the Int64 range an overflow error', () => {
    expect(ev('@add(9007199254740991, 1)')).toEqual(new ExprInt64(2n ** 53n));
    expect(ev('@mul(3000000000, 3000000000)')).toEqual(new ExprInt64(9n * 10n ** 18n));
    expect(ev('@sub(-9223372036854775807, 1)')).toEqual(new ExprInt64(-(2n ** 63n)));
    expect(evError('@add(9223372036854775000, 1000)').code).toBe('expr/integer-overflow');
    expect(evError('@sub(-9223372036854775808, 4096)').code).toBe('expr/integer-overflow');
    expect(evError('@mul(4000000000, 4000000000)').code).toBe('expr/integer-overflow');
    expect(ev('@mul(4000000000.0, 4000000000)')).toEqual(expect.objectContaining({ value: 16e18 }));
  });
  it('max and min keep the type of the chosen item', () => {
    expect(ev('@max(1, 2.5)')).toBe(2.5);
    expect(isExprFloat(ev('@max(1, 2.0)'))).toBe(true);
    expect(evError("@max(json('[]'))").code).toBe('expr/out-of-range');
    expect(evError("@max(1, 'a')").code).toBe('expr/type');
    expect(evError("@min(createArray('a'))").code).toBe('expr/type');
  });
  it('rand uses the injected source: min inclusive, max exclusive', () => {
    expect(ev('@rand(1, 5)')).toBe(1);
    expect(ev('@rand(3, 3)')).toBe(3);
    expect(evError('@rand(5, 1)').code).toBe('expr/out-of-range');
  });
  it('range validates its count', () => {
    expect(evJson('@range(0, 0)')).toEqual([]);
    expect(evJson('@range(-2, 3)')).toEqual([-2, -1, 0]);
    expect(evError('@range(0, -1)').code).toBe('expr/out-of-range');
    expect(evError('@range(0, 1000000)').code).toBe('expr/out-of-range');
  });
  it('operands must be numbers', () => {
    expect(evError("@add('1', 2)").code).toBe('expr/type');
    expect(evError('@sub(null, 1)').code).toBe('expr/type');
    expect(evError('@add(true, 1)').code).toBe('expr/type');
  });
});

describe('math functions: Int64 tick arithmetic', () => {
  it('adds to and subtracts tick counts above 2^53', () => {
    expect(ev("@add(ticks('2024-01-01T00:00:00Z'), 10000000)")).toEqual(new ExprInt64(638396640010000000n));
    expect(ev("@string(add(ticks('2024-01-01T00:00:00Z'), 10000000))")).toBe('638396640010000000');
    expect(ev("@sub(ticks('2024-01-02T00:00:00Z'), ticks('2024-01-01T00:00:00Z'))")).toBe(864000000000);
    expect(ev("@string(ticks('2024-01-01T00:00:00Z'))")).toBe('638396640000000000');
    expect(ev('@string(ticks(utcNow()))')).toBe('636593940000000000');
  });
  it('divides tick differences exactly for whole-second timestamps', () => {
    const days = "@div(sub(ticks('2024-03-01T00:00:00Z'), ticks('2024-01-01T00:00:00Z')), 864000000000)";
    expect(ev(days)).toBe(60);
    expect(ev("@div(ticks('2024-01-01T00:00:00Z'), 864000000000)")).toBe(738885);
    expect(ev("@div(ticks('2024-01-01T00:00:01Z'), 864000000000)")).toBe(738885);
    expect(ev("@div(ticks('2024-01-01T00:00:00Z'), -10000000)")).toBe(-63839664000);
    expect(ev("@mod(ticks('2024-01-01T00:00:01Z'), 864000000000)")).toBe(10000000);
  });
  it('prints integers above 2^53 with the exact digits of the value held', () => {
    expect(ev('@string(mul(1152921504606846976, 1))')).toBe('1152921504606846976');
    expect(ev('@string(-9223372036854775808)')).toBe('-9223372036854775808');
    expect(ev("@json(string(createArray(ticks('2024-01-01T00:00:00Z'))))")).toEqual([
      new ExprInt64(638396640000000000n),
    ]);
  });
});

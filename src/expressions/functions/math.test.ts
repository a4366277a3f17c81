import { describe, expect, it } from 'vitest';
import { ev, evError, evJson } from '../testing/eval-helpers.js';
import { isExprFloat, isInteger } from '../value.js';

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
  it('integer results beyond ±2^53-1 are an overflow error', () => {
    expect(evError('@add(9007199254740991, 1)').code).toBe('expr/integer-overflow');
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

import { describe, expect, it } from 'vitest';
import { ev, evError } from '../testing/eval-helpers.js';

describe('logical functions: documented examples', () => {
  it.each([
    ['@and(true, true)', true],
    ['@and(false, true)', false],
    ['@and(false, false)', false],
    ['@or(true, false)', true],
    ['@or(false, false)', false],
    ['@not(false)', true],
    ['@not(equals(1, 2))', true],
    ['@equals(true, 1)', true],
    ["@equals('abc', 'abcd')", false],
    ['@greater(10, 5)', true],
    ["@greater('apple', 'banana')", false],
    ['@greaterOrEquals(5, 5)', true],
    ["@greaterOrEquals('apple', 'banana')", false],
    ['@less(5, 10)', true],
    ["@less('banana', 'apple')", false],
    ['@lessOrEquals(10, 10)', true],
    ["@lessOrEquals('apply', 'apple')", false],
    ["@if(equals(1, 1), 'yes', 'no')", 'yes'],
    ["@if(equals(1, 2), 'yes', 'no')", 'no'],
  ])('%s → %j', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('logical functions: semantics', () => {
  it('if evaluates only the chosen branch', () => {
    expect(ev("@if(true, 'ok', div(1, 0))")).toBe('ok');
    expect(ev("@if(false, item(), 'ok')")).toBe('ok');
    expect(evError("@if(true, div(1, 0), 'ok')").code).toBe('expr/division-by-zero');
  });
  it('and/or short-circuit', () => {
    expect(ev('@and(false, item())')).toBe(false);
    expect(ev('@or(true, item())')).toBe(true);
    expect(evError('@and(true, item())').code).toBe('expr/item-outside-foreach');
  });
  it('and/or/not/if need booleans', () => {
    expect(evError('@and(1, true)').code).toBe('expr/type');
    expect(evError("@or(false, 'true')").code).toBe('expr/type');
    expect(evError('@not(null)').code).toBe('expr/type');
    const err = evError("@if('x', 1, 2)");
    expect(err.code).toBe('expr/type');
    expect(err.position).toBe(4);
  });
  it('and/or take more than two arguments', () => {
    expect(ev('@and(true, true, false)')).toBe(false);
    expect(ev('@or(false, false, true)')).toBe(true);
    expect(evError('@and(true)').code).toBe('expr/arity');
  });
  it('equals compares deeply, numbers by value, strings case-sensitively', () => {
    expect(ev('@equals(1, 1.0)')).toBe(true);
    expect(ev('@equals(false, 0)')).toBe(true);
    expect(ev("@equals('A', 'a')")).toBe(false);
    expect(ev("@equals('1', 1)")).toBe(false);
    expect(ev('@equals(null, null)')).toBe(true);
    expect(ev("@equals(null, '')")).toBe(false);
    expect(ev('@equals(json(\'{"a":[1,{"b":2}]}\'), json(\'{"a":[1,{"b":2.0}]}\'))')).toBe(true);
    expect(ev('@equals(json(\'{"a":1,"b":2}\'), json(\'{"b":2,"a":1}\'))')).toBe(true);
    expect(ev('@equals(json(\'{"a":1}\'), json(\'{"a":1,"b":2}\'))')).toBe(false);
    expect(ev('@equals(createArray(1, 2), createArray(2, 1))')).toBe(false);
  });
  it('comparisons accept numbers or strings of the same kind', () => {
    expect(ev('@greater(2.5, 2)')).toBe(true);
    expect(ev("@less('B', 'a')")).toBe(true);
    expect(evError("@greater(1, '0')").code).toBe('expr/type');
    expect(evError('@less(null, 1)').code).toBe('expr/type');
    expect(evError('@greater(true, false)').code).toBe('expr/type');
  });
});

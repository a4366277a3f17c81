import { describe, expect, it } from 'vitest';
import { ev, evError, evJson } from '../testing/eval-helpers.js';

describe('collection functions: documented examples', () => {
  it.each([
    ["@contains('hello world', 'world')", true],
    ["@contains('hello world', 'universe')", false],
    ["@contains(createArray('hello', 'world'), 'world')", true],
    ["@contains(json('{\"a\": 1}'), 'a')", true],
    ["@empty('')", true],
    ["@empty('abc')", false],
    ["@first('hello')", 'h'],
    ['@first(createArray(0, 1, 2))', 0],
    ["@last('abcd')", 'd'],
    ['@last(createArray(0, 1, 2, 3))', 3],
    ["@length('abcd')", 4],
    ['@length(createArray(0, 1, 2, 3))', 4],
    ['@intersection(createArray(1, 2, 3), createArray(101, 2, 1, 10), createArray(6, 8, 1, 2))', [1, 2]],
    ['@union(createArray(1, 2, 3), createArray(1, 2, 10, 101))', [1, 2, 3, 10, 101]],
    ["@join(createArray('a', 'b', 'c'), '.')", 'a.b.c'],
    ['@skip(createArray(0, 1, 2, 3), 1)', [1, 2, 3]],
    ["@take('abcde', 3)", 'abc'],
    ['@take(createArray(0, 1, 2, 3, 4), 3)', [0, 1, 2]],
  ])('%s → %j', (text, expected) => {
    expect(evJson(text)).toEqual(expected);
  });
});

describe('collection functions: edge cases', () => {
  it('contains is case-sensitive and compares array items deeply', () => {
    expect(ev("@contains('Hello', 'hello')")).toBe(false);
    expect(ev("@contains(json('{\"Key\": 1}'), 'key')")).toBe(false);
    expect(ev('@contains(createArray(createArray(1, 2)), createArray(1, 2))')).toBe(true);
    expect(ev('@contains(createArray(1, 2), 2.0)')).toBe(true);
    expect(evError("@contains(null, 'a')").code).toBe('expr/type');
    expect(evError('@contains(1, 1)').code).toBe('expr/type');
  });
  it('empty accepts null, arrays and objects', () => {
    expect(ev('@empty(null)')).toBe(true);
    expect(ev("@empty(json('[]'))")).toBe(true);
    expect(ev("@empty(json('{}'))")).toBe(true);
    expect(ev('@empty(json(\'{"a":1}\'))')).toBe(false);
    expect(evError('@empty(0)').code).toBe('expr/type');
  });
  it('first and last of empty collections are null', () => {
    expect(ev("@first('')")).toBe(null);
    expect(ev("@last(json('[]'))")).toBe(null);
    expect(evError('@first(null)').code).toBe('expr/type');
  });
  it('length rejects objects and null', () => {
    expect(evError("@length(json('{}'))").code).toBe('expr/type');
    expect(evError('@length(null)').code).toBe('expr/type');
  });
  it('skip and take clamp to the collection and reject negative counts', () => {
    expect(evJson('@skip(createArray(1, 2), 5)')).toEqual([]);
    expect(evJson('@take(createArray(1, 2), 5)')).toEqual([1, 2]);
    expect(ev("@skip('abc', 1)")).toBe('bc');
    expect(evError('@take(createArray(1), -1)').code).toBe('expr/out-of-range');
    expect(evError("@skip(createArray(1), '1')").code).toBe('expr/type');
  });
  it('join converts items as string() does', () => {
    expect(ev("@join(createArray(1, 2.5, true, null, 'x'), '|')")).toBe('1|2.5|True||x');
    expect(ev("@join(json('[]'), ',')")).toBe('');
  });
  it('union and intersection of objects: key union / common keys, last value wins', () => {
    expect(evJson('@union(json(\'{"a":1,"b":2}\'), json(\'{"b":3,"c":4}\'))')).toEqual({ a: 1, b: 3, c: 4 });
    expect(evJson('@intersection(json(\'{"a":1,"b":2}\'), json(\'{"b":3,"c":4}\'))')).toEqual({ b: 3 });
  });
  it('union and intersection refuse mixed collections', () => {
    expect(evError("@union(createArray(1), json('{}'))").code).toBe('expr/type');
    expect(evError("@intersection('a', 'b')").code).toBe('expr/type');
  });
  it('union and intersection accept a single collection: its distinct items', () => {
    expect(evJson('@union(createArray(1, 1, 2))')).toEqual([1, 2]);
    expect(evJson('@intersection(createArray(3, 1, 3))')).toEqual([3, 1]);
    expect(evJson('@union(json(\'{"a":1}\'))')).toEqual({ a: 1 });
    expect(evJson('@intersection(json(\'{"a":1}\'))')).toEqual({ a: 1 });
    expect(evError('@union()').code).toBe('expr/arity');
    expect(evError('@intersection()').code).toBe('expr/arity');
  });
  it('union removes duplicates within one array', () => {
    expect(evJson('@union(createArray(1, 1, 2), createArray(2, 3, 3))')).toEqual([1, 2, 3]);
  });
});

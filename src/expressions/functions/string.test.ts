import { describe, expect, it } from 'vitest';
import { ev, evError, FIXED_GUID } from '../testing/eval-helpers.js';

describe('string functions: documented examples', () => {
  it.each([
    ["@concat('Hello', 'World')", 'HelloWorld'],
    ["@concat('Test_', formatDateTime(utcnow(), 'yyyy-dd-MM'))", 'Test_2018-15-04'],
    ["@endsWith('hello world', 'world')", true],
    ["@endsWith('hello world', 'universe')", false],
    ["@startsWith('hello world', 'hello')", true],
    ["@startsWith('hello world', 'greetings')", false],
    ["@indexOf('hello world', 'world')", 6],
    ["@lastIndexOf('hello world hello world', 'world')", 18],
    ["@replace('the old string', 'old', 'new')", 'the new string'],
    ["@split('a_b_c', '_')", ['a', 'b', 'c']],
    ["@substring('hello world', 6, 5)", 'world'],
    ["@toLower('Hello World')", 'hello world'],
    ["@toUpper('Hello World')", 'HELLO WORLD'],
    ["@trim(' Hello World  ')", 'Hello World'],
  ])('%s → %j', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('string functions: edge cases', () => {
  it('converts non-strings in concat as string() does', () => {
    expect(ev("@concat(0.016666666666666666, 'test')")).toBe('0.016666666666666666test');
    expect(ev("@concat(1, 2.0, true, null, createArray(1), '!')")).toBe('12True[1]!');
  });
  it('is case-insensitive in indexOf, lastIndexOf, startsWith and endsWith', () => {
    expect(ev("@indexOf('Hello World', 'WORLD')")).toBe(6);
    expect(ev("@indexOf('abc', 'x')")).toBe(-1);
    expect(ev("@lastIndexOf('abcABC', 'abc')")).toBe(3);
    expect(ev("@lastIndexOf('abc', 'x')")).toBe(-1);
    expect(ev("@startsWith('Hello', 'hE')")).toBe(true);
    expect(ev("@endsWith('Hello', 'LLO')")).toBe(true);
  });
  it('replaces every occurrence, case-sensitively', () => {
    expect(ev("@replace('a-a-A', 'a', 'b')")).toBe('b-b-A');
    expect(ev("@replace('abc', 'x', 'y')")).toBe('abc');
    expect(evError("@replace('abc', '', 'y')").code).toBe('expr/out-of-range');
  });
  it('keeps empty entries in split', () => {
    expect(ev("@split('a,,b', ',')")).toEqual(['a', '', 'b']);
    expect(ev("@split('', ',')")).toEqual(['']);
    expect(ev("@split('abc', '')")).toEqual(['abc']);
    expect(ev("@split('a::b', '::')")).toEqual(['a', 'b']);
  });
  it('rejects substring ranges outside the text', () => {
    expect(ev("@substring('abc', 3, 0)")).toBe('');
    expect(evError("@substring('abc', 2, 2)").code).toBe('expr/out-of-range');
    expect(evError("@substring('abc', -1, 1)").code).toBe('expr/out-of-range');
    expect(evError("@substring('abc', 4, 0)").code).toBe('expr/out-of-range');
    expect(evError("@substring('abc', 1)").code).toBe('expr/arity');
  });
  it('maps case like .NET invariant culture (one unit per unit)', () => {
    expect(ev("@toUpper('straße')")).toBe('STRAßE');
    expect(ev("@toLower('ÀÉÎ')")).toBe('àéî');
  });
  it('trims .NET whitespace only', () => {
    expect(ev("@trim('\u00a0\t x \u3000')")).toBe('x');
    expect(ev("@trim('\ufeffx')")).toBe('\ufeffx');
  });
  it('formats guids N, D, B, P, X', () => {
    expect(ev('@guid()')).toBe(FIXED_GUID);
    expect(ev("@guid('N')")).toBe(FIXED_GUID.replace(/-/g, ''));
    expect(ev("@guid('B')")).toBe(`{${FIXED_GUID}}`);
    expect(ev("@guid('p')")).toBe(`(${FIXED_GUID})`);
    expect(ev("@guid('X')")).toBe('{0xc2ecc88d,0x88c8,0x4096,{0x91,0x2c,0xd6,0xf2,0xe2,0xb1,0x38,0xce}}');
    expect(evError("@guid('Q')").code).toBe('expr/invalid-format');
  });
  it('rejects null and non-string arguments with expr/type', () => {
    for (const text of [
      '@toLower(null)',
      '@toUpper(1)',
      "@indexOf(createArray('a'), 'a')",
      "@split('a', 1)",
      '@trim(true)',
      "@substring('abc', '1', 1)",
      "@substring('abc', 1.0, 1)",
    ]) {
      const err = evError(text);
      expect(err.code).toBe('expr/type');
      expect(err.position).toBe(1);
    }
    expect(evError('@toLower(null)').message).toContain("type 'Null'");
  });
  it('accepts concat with a single argument, as ADF does (used by real factories)', () => {
    expect(ev("@concat('a')")).toBe('a');
    expect(ev('@concat(12)')).toBe('12');
    expect(ev('@concat(null)')).toBe('');
    expect(evError('@concat()').code).toBe('expr/arity');
  });
  it('checks arity', () => {
    expect(evError("@toLower('a', 'b')").code).toBe('expr/arity');
    expect(evError("@guid('N', 'x')").code).toBe('expr/arity');
  });
  it('finds functions case-insensitively', () => {
    expect(ev("@CONCAT('a', 'b')")).toBe('ab');
    expect(ev("@ToLower('A')")).toBe('a');
    expect(ev("@STARTSWITH('ab', 'A')")).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { ev, evError, evJson } from '../testing/eval-helpers.js';
import { ExprInt64, isExprFloat } from '../value.js';

describe('conversion functions: documented examples', () => {
  it.each([
    ["@array('hello')", ['hello']],
    ['@bool(1)', true],
    ['@bool(0)', false],
    ['@coalesce(null, true, false)', true],
    ["@coalesce(null, 'hello', 'world')", 'hello'],
    ['@coalesce(null, null, null)', null],
    ["@createArray('h', 'e', 'l', 'l', 'o')", ['h', 'e', 'l', 'l', 'o']],
    ["@float('10.333')", 10.333],
    ["@int('10')", 10],
    ["@json('[1, 2, 3]')", [1, 2, 3]],
    ['@json(\'{"fullName": "Sophia Owen"}\')', { fullName: 'Sophia Owen' }],
    ['@string(10)', '10'],
    ['@string(json(\'{"name":"Sophie Owen"}\'))', '{"name":"Sophie Owen"}'],
  ])('%s → %j', (text, expected) => {
    expect(evJson(text)).toEqual(expected);
  });
});

describe('conversion functions: edge cases', () => {
  it('string() renders like .NET: True/False, shortest floats, 1.0 as 1, null as empty', () => {
    expect(ev('@string(true)')).toBe('True');
    expect(ev('@string(false)')).toBe('False');
    expect(ev('@string(1.0)')).toBe('1');
    expect(ev('@string(1)')).toBe('1');
    expect(ev('@string(0.1)')).toBe('0.1');
    expect(ev('@string(1e15)')).toBe('1E+15');
    expect(ev('@string(0.00001)')).toBe('1E-05');
    expect(ev('@string(123456789012345.6)')).toBe('123456789012345.6');
    expect(ev('@string(null)')).toBe('');
    expect(ev("@string('x')")).toBe('x');
    expect(ev("@string(createArray(1.0, 'a', true, null))")).toBe('[1.0,"a",true,null]');
    expect(ev('@string(json(\'{"s":"a\\"b\\n"}\'))')).toBe('{"s":"a\\"b\\n"}');
  });
  it('int() parses integer text and converts numbers and booleans', () => {
    expect(ev("@int(' -42 ')")).toBe(-42);
    expect(ev('@int(2.5)')).toBe(2);
    expect(ev('@int(3.5)')).toBe(4);
    expect(ev('@int(7.0)')).toBe(7);
    expect(ev('@int(true)')).toBe(1);
    expect(evError("@int('1.5')").code).toBe('expr/invalid-format');
    expect(evError("@int('abc')").code).toBe('expr/invalid-format');
    expect(evError("@int('99999999999999999999')").code).toBe('expr/integer-overflow');
    expect(evError("@int('9223372036854775808')").code).toBe('expr/integer-overflow');
    expect(ev("@int('638396640000000001')")).toEqual(new ExprInt64(638396640000000001n));
    expect(ev("@string(int('-9223372036854775808'))")).toBe('-9223372036854775808');
    expect(evError('@int(null)').code).toBe('expr/type');
  });
  it('float() returns floats, also for integral values', () => {
    expect(isExprFloat(ev("@float('3')"))).toBe(true);
    expect(isExprFloat(ev('@float(3)'))).toBe(true);
    expect(ev("@float('1,000.5')")).toBe(1000.5);
    expect(ev("@float('-.5e1')")).toEqual(expect.objectContaining({ value: -5 }));
    expect(evError("@float('abc')").code).toBe('expr/invalid-format');
    expect(evError("@float('')").code).toBe('expr/invalid-format');
  });
  it('bool() accepts true/false text in any case and rejects other text', () => {
    expect(ev("@bool('TRUE')")).toBe(true);
    expect(ev("@bool(' false ')")).toBe(false);
    expect(ev('@bool(2.5)')).toBe(true);
    expect(ev('@bool(null)')).toBe(false);
    expect(evError("@bool('yes')").code).toBe('expr/invalid-format');
    expect(evError('@bool(createArray())').code).toBe('expr/arity');
  });
  it('json() keeps integers and floats apart, parses null to {} and rejects bad JSON', () => {
    expect(ev("@json('1')")).toBe(1);
    expect(isExprFloat(ev("@json('1.0')"))).toBe(true);
    expect(evJson('@json(null)')).toEqual({});
    expect(evJson('@json(createArray(1))')).toEqual([1]);
    expect(evError("@json('')").code).toBe('expr/invalid-format');
    expect(evError("@json('{')").code).toBe('expr/invalid-format');
    expect(evJson("@json('<a/>')")).toEqual({ a: null });
    expect(evJson('@json(\'{"__proto__": 1}\')')).toEqual(JSON.parse('{"__proto__": 1}'));
  });
  it('array and createArray wrap values', () => {
    expect(evJson('@array(null)')).toEqual([null]);
    expect(evJson('@createArray(createArray(1))')).toEqual([[1]]);
    expect(evError('@createArray()').code).toBe('expr/arity');
  });
  it('coalesce treats empty values as values', () => {
    expect(ev("@coalesce(null, '', 'x')")).toBe('');
    expect(evJson("@coalesce(json('[]'), 1)")).toEqual([]);
  });
});

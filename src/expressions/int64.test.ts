import { describe, expect, it } from 'vitest';
import { stringifyExprValue } from './plain-json.js';
import { ev, evError } from './testing/eval-helpers.js';
import { ExprInt64, typeName } from './value.js';
import type { ExprValue } from './value.js';

/**
 * DFTF-style cases (expression in → value out) for ADF's 64-bit integers. ADF integers are .NET `Int64`
 * (`long`): the math functions add, sub, mul, div (integer division when both are integers), mod, the conversion
 * functions int/string/json and the comparisons work on them exactly, and a result outside the Int64 range is an
 * error (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#math-functions,
 * #conversion-functions, #logical-comparison-functions, #ticks). Each case gives the exact JSON text of the value
 * and its ADF type, so a value rounded to the nearest double (9007199254740992) fails.
 */
const CASES: readonly (readonly [expression: string, json: string, type: string])[] = [
  // literals beyond 2^53
  ['@9007199254740993', '9007199254740993', 'Integer'],
  ['@-9007199254740993', '-9007199254740993', 'Integer'],
  ['@9223372036854775807', '9223372036854775807', 'Integer'],
  ['@-9223372036854775808', '-9223372036854775808', 'Integer'],
  // add, sub, mul, div, mod
  ['@add(9007199254740992, 1)', '9007199254740993', 'Integer'],
  ['@add(9007199254740991, 2)', '9007199254740993', 'Integer'],
  ['@add(9223372036854775806, 1)', '9223372036854775807', 'Integer'],
  ['@sub(9007199254740993, 1)', '9007199254740992', 'Integer'],
  ['@sub(9007199254740993, 9007199254740992)', '1', 'Integer'],
  ['@sub(-9007199254740992, 1)', '-9007199254740993', 'Integer'],
  ['@mul(3037000499, 3037000499)', '9223372030926249001', 'Integer'],
  ['@mul(-4611686018427387904, 2)', '-9223372036854775808', 'Integer'],
  ['@mul(9007199254740993, 1)', '9007199254740993', 'Integer'],
  ['@div(9223372036854775807, 2)', '4611686018427387903', 'Integer'],
  ['@div(-9007199254740993, 2)', '-4503599627370496', 'Integer'],
  ['@div(9007199254740993, 9007199254740993)', '1', 'Integer'],
  ['@mod(9007199254740993, 10)', '3', 'Integer'],
  ['@mod(-9007199254740993, 10)', '-3', 'Integer'],
  ['@mod(9223372036854775807, 1000000007)', '291172003', 'Integer'],
  // the float/int distinction holds
  ['@add(1, 1)', '2', 'Integer'],
  ['@add(1, 1.5)', '2.5', 'Float'],
  ['@div(7, 2)', '3', 'Integer'],
  ['@div(7.0, 2)', '3.5', 'Float'],
  ['@add(9007199254740993, 0.5)', '9007199254740992', 'Float'], // .NET: (double)9007199254740993L + 0.5
  ['@float(9007199254740993)', '9007199254740992', 'Float'],
  // conversions
  ["@int('9223372036854775807')", '9223372036854775807', 'Integer'],
  ["@int('-9223372036854775808')", '-9223372036854775808', 'Integer'],
  ["@int(' 9007199254740993 ')", '9007199254740993', 'Integer'],
  ['@int(9007199254740993)', '9007199254740993', 'Integer'],
  ['@int(1e17)', '100000000000000000', 'Integer'],
  ['@string(add(9007199254740992, 1))', '"9007199254740993"', 'String'],
  ["@string(int('9223372036854775807'))", '"9223372036854775807"', 'String'],
  ["@concat('id-', string(9007199254740993))", '"id-9007199254740993"', 'String'],
  ['id-@{add(9007199254740992, 1)}', '"id-9007199254740993"', 'String'],
  ['@string(createArray(9007199254740993))', '"[9007199254740993]"', 'String'],
  ['@json(\'{"a": 9007199254740993}\')', '{"a":9007199254740993}', 'Object'],
  ['@json(\'{"a": 9007199254740993}\').a', '9007199254740993', 'Integer'],
  ["@add(json('[9007199254740993]')[0], 1)", '9007199254740994', 'Integer'],
  ['@json(string(json(\'{"a": -9223372036854775808}\')))', '{"a":-9223372036854775808}', 'Object'],
  ['@bool(9007199254740993)', 'true', 'Boolean'],
  ['@createArray(9007199254740993, 1)', '[9007199254740993,1]', 'Array'],
  ['@coalesce(null, 9007199254740993)', '9007199254740993', 'Integer'],
  ['@if(equals(1, 1), 9007199254740993, 0)', '9007199254740993', 'Integer'],
  // comparisons
  ['@equals(9007199254740993, 9007199254740992)', 'false', 'Boolean'],
  ['@equals(add(9007199254740992, 1), 9007199254740993)', 'true', 'Boolean'],
  ['@equals(9007199254740992, 9007199254740992.0)', 'true', 'Boolean'],
  ['@greater(9007199254740993, 9007199254740992)', 'true', 'Boolean'],
  ['@less(9007199254740992, 9007199254740993)', 'true', 'Boolean'],
  ['@greaterOrEquals(9223372036854775807, 9223372036854775806)', 'true', 'Boolean'],
  ['@lessOrEquals(-9223372036854775808, -9223372036854775807)', 'true', 'Boolean'],
  ['@max(9007199254740993, 9007199254740992)', '9007199254740993', 'Integer'],
  ['@min(createArray(9007199254740993, 9007199254740994))', '9007199254740993', 'Integer'],
  ['@contains(createArray(9007199254740993), 9007199254740993)', 'true', 'Boolean'],
  ['@contains(createArray(9007199254740993), 9007199254740992)', 'false', 'Boolean'],
  ['@range(9007199254740993, 2)', '[9007199254740993,9007199254740994]', 'Array'],
  ['@range(9007199254740990, 3)', '[9007199254740990,9007199254740991,9007199254740992]', 'Array'],
  // ticks(): 100-ns intervals, exact to the last digit
  ["@ticks('2024-01-01T00:00:00.0000001Z')", '638396640000000001', 'Integer'],
  ["@sub(ticks('2024-01-01T00:00:00.0000001Z'), ticks('2024-01-01T00:00:00Z'))", '1', 'Integer'],
  ["@string(ticks('9999-12-31T23:59:59.9999999Z'))", '"3155378975999999999"', 'String'],
  ["@ticks('2018-03-15T13:00:00.1234567Z')", '636567156001234567', 'Integer'],
  ['@string(ticks(utcNow()))', '"636593940000000000"', 'String'],
];

const ERRORS: readonly (readonly [expression: string, code: string])[] = [
  ['@add(9223372036854775807, 1)', 'expr/integer-overflow'],
  ['@sub(-9223372036854775808, 1)', 'expr/integer-overflow'],
  ['@mul(9223372036854775807, 2)', 'expr/integer-overflow'],
  ['@div(-9223372036854775808, -1)', 'expr/integer-overflow'],
  ['@9223372036854775808', 'expr/integer-overflow'],
  ["@int('9223372036854775808')", 'expr/integer-overflow'],
  ["@int('-9223372036854775809')", 'expr/integer-overflow'],
  ['@int(1e19)', 'expr/integer-overflow'],
  ['@div(9007199254740993, 0)', 'expr/division-by-zero'],
  ['@mod(9007199254740993, 0)', 'expr/division-by-zero'],
  ['@createArray(1)[9007199254740993]', 'expr/index-out-of-range'],
];

describe('Int64 integers (DFTF-style cases)', () => {
  it.each(CASES)('%s → %s (%s)', (expression, json, type) => {
    const value = ev(expression);
    expect(stringifyExprValue(value)).toBe(json);
    expect(typeName(value)).toBe(type);
  });

  it.each(ERRORS)('%s fails with %s', (expression, code) => {
    expect(evError(expression).code).toBe(code);
  });

  it('keeps integers up to 2^53 − 1 as plain numbers, so ordinary values cost nothing', () => {
    expect(ev('@add(9007199254740990, 1)')).toBe(9007199254740991);
    expect(ev('@9007199254740992')).toEqual(new ExprInt64(9007199254740992n));
    expect(ev('@sub(9007199254740993, 2)')).toBe(9007199254740991);
  });
});

describe('stringifyExprValue', () => {
  it('skips undefined members and writes undefined items as null, as JSON.stringify does', () => {
    const odd = { a: undefined, b: [undefined, 1] } as unknown as ExprValue;
    expect(stringifyExprValue(odd)).toBe(JSON.stringify(odd));
  });

  it('writes JSON as JSON.stringify does, with exact Int64 digits', () => {
    const value = ev('@json(\'{"n": 9007199254740993, "f": 1.5, "s": "x", "a": [1, {}, []], "z": null}\')');
    expect(stringifyExprValue(value)).toBe('{"n":9007199254740993,"f":1.5,"s":"x","a":[1,{},[]],"z":null}');
    expect(stringifyExprValue(value, 2)).toBe(
      JSON.stringify({ n: 0, f: 1.5, s: 'x', a: [1, {}, []], z: null }, null, 2).replace(
        '"n": 0',
        '"n": 9007199254740993',
      ),
    );
  });
});

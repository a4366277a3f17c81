import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from './json-text.js';
import { formatDouble, formatJsonDouble } from './number-format.js';
import { toJsonText, toText } from './value-text.js';
import { ExprFloat, toJsonValue } from './value.js';

describe('formatDouble (.NET double.ToString())', () => {
  it.each([
    [1, '1'],
    [0.1, '0.1'],
    [0.016666666666666666, '0.016666666666666666'],
    [1e14, '100000000000000'],
    [1e15, '1E+15'],
    [1.5e20, '1.5E+20'],
    [0.0001, '0.0001'],
    [0.00001, '1E-05'],
    [-2.5e-7, '-2.5E-07'],
    [1e100, '1E+100'],
    [-0, '-0'],
  ])('%d → %s', (n, text) => {
    expect(formatDouble(n)).toBe(text);
  });
  it('keeps a fraction in JSON like Newtonsoft', () => {
    expect(formatJsonDouble(1)).toBe('1.0');
    expect(formatJsonDouble(1e20)).toBe('1E+20');
    expect(formatJsonDouble(2.5)).toBe('2.5');
  });
  it('round-trips every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(Number(formatDouble(n))).toBe(n); // -0 prints as "-0" (.NET Core 3.0+) and reads back as -0
      }),
    );
  });
});

describe('toText and toJsonText', () => {
  it('renders values like ADF string()', () => {
    expect(toText(null)).toBe('');
    expect(toText(true)).toBe('True');
    expect(toText(new ExprFloat(3))).toBe('3');
    expect(toText({ a: [1, new ExprFloat(2), 'x\u2028'] })).toBe('{"a":[1,2.0,"x\\u2028"]}');
    expect(toJsonText('\u0001')).toBe('"\\u0001"');
  });
  it('parseJsonText ∘ toJsonText is the identity on JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (v) => {
        const value = parseJsonText(JSON.stringify(v));
        expect(toJsonValue(parseJsonText(toJsonText(value)))).toEqual(toJsonValue(value));
      }),
    );
  });
});

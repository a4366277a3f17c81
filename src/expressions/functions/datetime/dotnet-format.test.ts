import { describe, expect, it } from 'vitest';
import { FunctionError } from '../function-def.js';
import { INVARIANT_CULTURE } from './culture.js';
import { formatInstant } from './dotnet-format.js';
import { parseTimestamp } from './timestamp-parse.js';

const thu = parseTimestamp('2018-03-15T13:05:09.1204500Z');
const sun = parseTimestamp('2005-01-02T03:04:05.0670000');
const fmt = (ts: string, format: string, offset?: number): string =>
  formatInstant(parseTimestamp(ts), format, offset);
const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (e) {
    return e instanceof FunctionError ? e.code : 'not-a-function-error';
  }
  return undefined;
};

describe('standard formats (en-US, as in ADF docs)', () => {
  it.each([
    ['d', '3/15/2018'],
    ['D', 'Thursday, March 15, 2018'],
    ['f', 'Thursday, March 15, 2018 1:05 PM'],
    ['F', 'Thursday, March 15, 2018 1:05:09 PM'],
    ['g', '3/15/2018 1:05 PM'],
    ['G', '3/15/2018 1:05:09 PM'],
    ['M', 'March 15'],
    ['m', 'March 15'],
    ['O', '2018-03-15T13:05:09.1204500Z'],
    ['o', '2018-03-15T13:05:09.1204500Z'],
    ['R', 'Thu, 15 Mar 2018 13:05:09 GMT'],
    ['r', 'Thu, 15 Mar 2018 13:05:09 GMT'],
    ['s', '2018-03-15T13:05:09'],
    ['t', '1:05 PM'],
    ['T', '1:05:09 PM'],
    ['u', '2018-03-15 13:05:09Z'],
    ['U', 'Thursday, March 15, 2018 1:05:09 PM'],
    ['Y', 'March 2018'],
    ['y', 'March 2018'],
  ])('%s', (format, expected) => {
    expect(formatInstant(thu, format)).toBe(expected);
  });

  it('defaults to round-trip o when the format is omitted or empty', () => {
    expect(formatInstant(thu)).toBe('2018-03-15T13:05:09.1204500Z');
    expect(formatInstant(thu, '')).toBe('2018-03-15T13:05:09.1204500Z');
  });

  it('prints the zone of o by kind: Z, +00:00 (offset input), nothing (no designator)', () => {
    expect(fmt('2018-03-15T13:00:00Z', 'o')).toBe('2018-03-15T13:00:00.0000000Z');
    expect(fmt('2018-03-15T13:00:00+02:00', 'o')).toBe('2018-03-15T11:00:00.0000000+00:00');
    expect(fmt('2018-03-15T13:00:00', 'o')).toBe('2018-03-15T13:00:00.0000000');
  });

  it('uses invariant patterns when asked', () => {
    const inv = (f: string): string => formatInstant(thu, f, undefined, INVARIANT_CULTURE);
    expect(inv('d')).toBe('03/15/2018');
    expect(inv('D')).toBe('Thursday, 15 March 2018');
    expect(inv('t')).toBe('13:05');
    expect(inv('T')).toBe('13:05:09');
    expect(inv('F')).toBe('Thursday, 15 March 2018 13:05:09');
    expect(inv('M')).toBe('March 15');
    expect(inv('Y')).toBe('2018 March');
  });
});

describe('custom format specifiers', () => {
  it.each([
    ['%y', '5'],
    ['yy', '05'],
    ['yyy', '2005'],
    ['yyyy', '2005'],
    ['yyyyy', '02005'],
    ['%M', '1'],
    ['MM', '01'],
    ['MMM', 'Jan'],
    ['MMMM', 'January'],
    ['%d', '2'],
    ['dd', '02'],
    ['ddd', 'Sun'],
    ['dddd', 'Sunday'],
    ['%h', '3'],
    ['hh', '03'],
    ['%H', '3'],
    ['HH', '03'],
    ['HHH', '03'],
    ['%m', '4'],
    ['mm', '04'],
    ['%s', '5'],
    ['ss', '05'],
    ['%f', '0'],
    ['ff', '06'],
    ['fff', '067'],
    ['ffff', '0670'],
    ['fffffff', '0670000'],
    ['%F', ''],
    ['FF', '06'],
    ['FFF', '067'],
    ['FFFFFFF', '067'],
    ['%t', 'A'],
    ['tt', 'AM'],
    ['%g', 'A.D.'],
    ['%K', ''],
    ['%z', '+0'],
    ['zz', '+00'],
    ['zzz', '+00:00'],
    ['yyyy/MM/dd HH:mm', '2005/01/02 03:04'],
    ['yyyy-MM-ddTHH:mm:ss', '2005-01-02T03:04:05'],
  ])('%s', (format, expected) => {
    expect(formatInstant(sun, format)).toBe(expected);
  });

  it('formats 12-hour clock and designators', () => {
    expect(fmt('2018-03-15T00:30:00Z', 'h:mm tt')).toBe('12:30 AM');
    expect(fmt('2018-03-15T12:00:00Z', 'hh tt %t')).toBe('12 PM P');
    expect(fmt('2018-03-15T23:59:59Z', 'h:mm:ss tt')).toBe('11:59:59 PM');
  });

  it('keeps all seven fraction digits', () => {
    expect(fmt('2018-03-15T13:00:00.1234567Z', 'fffffff FFFFFFF ffff')).toBe('1234567 1234567 1234');
    expect(fmt('2018-03-15T13:00:00.1000000Z', 'FFFFFFF')).toBe('1');
  });

  it('drops the decimal point before an empty F group', () => {
    expect(fmt('2018-03-15T13:00:00Z', 'HH:mm:ss.FFF')).toBe('13:00:00');
    expect(fmt('2018-03-15T13:00:00.5Z', 'HH:mm:ss.FFF')).toBe('13:00:00.5');
    expect(fmt('2018-03-15T13:00:00.0001Z', "ss'.'FFF")).toBe('00');
  });

  it('prints K and z for utc, offset-derived and DateTimeOffset values', () => {
    expect(fmt('2018-03-15T13:00:00Z', '%K')).toBe('Z');
    expect(fmt('2018-03-15T13:00:00+05:00', 'K zzz')).toBe('+00:00 +00:00');
    expect(fmt('2018-03-15T13:00:00Z', 'K|%z|zz|zzz', -330)).toBe('-05:30|-5|-05|-05:30');
    expect(fmt('2018-03-15T13:00:00Z', '%K', 0)).toBe('+00:00');
    expect(code(() => fmt('2018-03-15T13:00:00Z', 'K'))).toBe('expr/invalid-format');
  });

  it('handles quotes, backslash escapes and % prefixes', () => {
    expect(formatInstant(sun, "'T'HH")).toBe('T03');
    expect(formatInstant(sun, '"at" HH')).toBe('at 03');
    expect(formatInstant(sun, "'It''s'")).toBe('Its');
    expect(formatInstant(sun, "'a\\'b'")).toBe("a'b");
    expect(formatInstant(sun, '\\T\\h h\\h')).toBe('Th 3h');
    expect(formatInstant(sun, 'yyyy%M')).toBe('20051');
    expect(formatInstant(sun, 'xyz! #')).toBe('x5+0! #');
  });

  it('matches the ADF docs example formats', () => {
    expect(fmt('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')).toBe('2018-03-15T12:00:00');
    expect(fmt('2018-03-15T13:00:00Z', 'yyyy-dd-MM')).toBe('2018-15-03');
  });
});

describe('DateTimeOffset formatting (offsetMinutes)', () => {
  const utc = parseTimestamp('2018-03-15T13:00:00Z');
  it('shows the wall clock at the offset and converts r/u back to UTC', () => {
    expect(formatInstant(utc, 'o', 120)).toBe('2018-03-15T15:00:00.0000000+02:00');
    expect(formatInstant(utc, 'yyyy-MM-dd HH:mm zzz', -480)).toBe('2018-03-15 05:00 -08:00');
    expect(formatInstant(utc, 'u', 120)).toBe('2018-03-15 13:00:00Z');
    expect(formatInstant(utc, 'r', 120)).toBe('Thu, 15 Mar 2018 13:00:00 GMT');
  });
  it("rejects 'U', which .NET does not allow for offsets", () => {
    expect(code(() => formatInstant(utc, 'U', 60))).toBe('expr/invalid-format');
  });
});

describe('invalid formats', () => {
  it.each([['fffffffff'], ['FFFFFFFF'], ["'abc"], ['"abc'], ['%'], ['%%'], ['yyyy\\'], ['h'], ['x'], ['Q']])(
    'rejects %s',
    (format) => {
      expect(code(() => formatInstant(sun, format))).toBe('expr/invalid-format');
    },
  );
});

describe('compiled format cache', () => {
  it('gives the same text on repeated and interleaved calls, per culture', () => {
    for (let i = 0; i < 3; i++) {
      expect(formatInstant(thu, 'dddd d MMMM')).toBe('Thursday 15 March');
      expect(formatInstant(sun, 'dddd d MMMM')).toBe('Sunday 2 January');
      expect(formatInstant(thu, 'd')).toBe('3/15/2018');
      expect(formatInstant(thu, 'd', undefined, INVARIANT_CULTURE)).toBe('03/15/2018');
      expect(formatInstant(thu, 'o')).toBe('2018-03-15T13:05:09.1204500Z');
      expect(formatInstant(sun, 'o')).toBe('2005-01-02T03:04:05.0670000');
      expect(formatInstant(thu, 'o', 120)).toBe('2018-03-15T15:05:09.1204500+02:00');
    }
  });
  it('throws for a bad format on every call, not only the first', () => {
    for (let i = 0; i < 2; i++) {
      expect(code(() => formatInstant(thu, "yyyy 'open"))).toBe('expr/invalid-format');
      expect(code(() => formatInstant(thu, 'U', 60))).toBe('expr/invalid-format');
    }
    expect(formatInstant(thu, 'U')).toBe('Thursday, March 15, 2018 1:05:09 PM');
  });
});

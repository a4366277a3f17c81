import { describe, expect, it } from 'vitest';
import { FunctionError } from '../function-def.js';
import { formatInstant } from './dotnet-format.js';
import { parseTimestamp } from './timestamp-parse.js';

const roundTrip = (text: string): string => formatInstant(parseTimestamp(text), 'o');
const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (e) {
    return e instanceof FunctionError ? e.code : 'not-a-function-error';
  }
  return undefined;
};

describe('parseTimestamp', () => {
  it.each([
    ['2018-03-15T13:00:00Z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15T13:00:00.1234567Z', '2018-03-15T13:00:00.1234567Z'],
    ['2018-03-15T13:00:00.5Z', '2018-03-15T13:00:00.5000000Z'],
    ['2018-03-15t13:00:00z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15', '2018-03-15T00:00:00.0000000'],
    ['2018-3-5', '2018-03-05T00:00:00.0000000'],
    ['2018-03-15 13:00:00', '2018-03-15T13:00:00.0000000'],
    ['2018-03-15T13:00', '2018-03-15T13:00:00.0000000'],
    ['  2018-03-15T13:00:00Z  ', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15T13:00:00 GMT', '2018-03-15T13:00:00.0000000Z'],
    ['03/15/2018 12:00:00', '2018-03-15T12:00:00.0000000'],
    ['01/01/2018 00:00:00', '2018-01-01T00:00:00.0000000'],
    ['3/5/2018 1:00 PM', '2018-03-05T13:00:00.0000000'],
    ['3/5/2018 12:15:00 AM', '2018-03-05T00:15:00.0000000'],
    ['03/15/18', '2018-03-15T00:00:00.0000000'],
    ['01/01/30', '1930-01-01T00:00:00.0000000'],
    ['2018/03/15 13:00:00', '2018-03-15T13:00:00.0000000'],
    ['15 March 2018', '2018-03-15T00:00:00.0000000'],
    ['March 15, 2018 1:00:00 PM', '2018-03-15T13:00:00.0000000'],
    ['Thursday, March 15, 2018', '2018-03-15T00:00:00.0000000'],
    ['Thu, 15 Mar 2018 13:00:00 GMT', '2018-03-15T13:00:00.0000000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.0000000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000000Z'],
    ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.9999999Z'],
  ])('%s', (text, expected) => {
    expect(roundTrip(text)).toBe(expected);
  });

  it('converts an explicit offset to UTC (local kind on a UTC host)', () => {
    expect(roundTrip('2018-03-15T13:00:00+02:00')).toBe('2018-03-15T11:00:00.0000000+00:00');
    expect(roundTrip('2018-03-15T13:00:00-0530')).toBe('2018-03-15T18:30:00.0000000+00:00');
    expect(roundTrip('2018-03-15T13:00:00.1234567+02')).toBe('2018-03-15T11:00:00.1234567+00:00');
    expect(parseTimestamp('2018-03-15T13:00:00+02:00').kind).toBe('local');
  });

  it('sets the kind from the designator', () => {
    expect(parseTimestamp('2018-03-15T13:00:00Z').kind).toBe('utc');
    expect(parseTimestamp('2018-03-15T13:00:00').kind).toBe('unspecified');
  });

  it('rounds fraction digits beyond the seventh to the nearest tick, ties to even', () => {
    expect(roundTrip('2018-03-15T13:00:00.12345675Z')).toBe('2018-03-15T13:00:00.1234568Z');
    expect(roundTrip('2018-03-15T13:00:00.12345665Z')).toBe('2018-03-15T13:00:00.1234566Z');
    expect(roundTrip('2018-03-15T13:00:00.123456651Z')).toBe('2018-03-15T13:00:00.1234567Z');
    expect(roundTrip('2018-03-15T13:00:59.99999999Z')).toBe('2018-03-15T13:01:00.0000000Z');
  });

  it.each([
    [''],
    ['not a date'],
    ['2018-02-29'],
    ['2018-13-01'],
    ['2018-00-10'],
    ['2018-04-31'],
    ['2018-03-15T24:00:00'],
    ['2018-03-15T13:60:00'],
    ['2018-03-15T13:00:60'],
    ['2018-03-15T13:00:00+15:00'],
    ['2018-03-15T13:00:00+02:60'],
    ['3/5/2018 13:00 PM'],
    ['Wed, 15 Mar 2018 13:00:00 GMT'],
    ['15 Smarch 2018'],
    ['13:00:00'],
    ['2018-03-15T13:00:00ZZ'],
  ])('rejects %j', (text) => {
    expect(code(() => parseTimestamp(text))).toBe('expr/invalid-timestamp');
  });

  it('rejects offsets that leave the DateTime range', () => {
    expect(code(() => parseTimestamp('0001-01-01T00:00:00+01:00'))).toBe('expr/out-of-range');
  });

  it('names the accepted forms in the error', () => {
    expect(() => parseTimestamp('yesterday')).toThrow(
      /'yesterday' is not a valid timestamp.*2018-03-15T13:00:00Z/,
    );
  });
});

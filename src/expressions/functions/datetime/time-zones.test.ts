import { describe, expect, it } from 'vitest';
import { FunctionError } from '../function-def.js';
import { formatInstant } from './dotnet-format.js';
import { convertBetweenZones, resolveTimeZone } from './time-zones.js';
import { parseTimestamp } from './timestamp-parse.js';

const PST = 'Pacific Standard Time';
const CET = 'W. Europe Standard Time';
const fromUtc = (ts: string, zone: string): string =>
  formatInstant(convertBetweenZones(parseTimestamp(ts), null, zone), 'o');
const toUtc = (ts: string, zone: string): string =>
  formatInstant(convertBetweenZones(parseTimestamp(ts), zone, 'UTC'), 'o');
const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (e) {
    return e instanceof FunctionError ? e.code : 'not-a-function-error';
  }
  return undefined;
};

describe('resolveTimeZone', () => {
  it('maps Windows IDs to IANA', () => {
    expect(resolveTimeZone(PST)).toBe('America/Los_Angeles');
    expect(resolveTimeZone(CET)).toBe('Europe/Berlin');
    expect(resolveTimeZone('UTC')).toBe('Etc/UTC');
    expect(resolveTimeZone('India Standard Time')).toMatch(/^Asia\/(Calcutta|Kolkata)$/);
  });
  it('ignores case and punctuation in Windows IDs', () => {
    expect(resolveTimeZone('pacific standard time')).toBe('America/Los_Angeles');
    expect(resolveTimeZone('W Europe Standard Time')).toBe('Europe/Berlin');
  });
  it('accepts IANA names', () => {
    expect(resolveTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(resolveTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });
  it('rejects unknown names with guidance and suggestions', () => {
    expect(code(() => resolveTimeZone('Mars Standard Time'))).toBe('expr/unknown-time-zone');
    expect(code(() => resolveTimeZone(''))).toBe('expr/unknown-time-zone');
    expect(() => resolveTimeZone('Pacifc Standard Time')).toThrow(
      /tzutil \/l.*Did you mean: .*'Pacific Standard Time'/s,
    );
  });
});

describe('US daylight-saving transitions (Pacific, 2018-03-11 and 2018-11-04)', () => {
  it('converts around spring-forward', () => {
    expect(fromUtc('2018-03-11T09:59:59Z', PST)).toBe('2018-03-11T01:59:59.0000000');
    expect(fromUtc('2018-03-11T10:00:00Z', PST)).toBe('2018-03-11T03:00:00.0000000');
    expect(toUtc('2018-03-11 03:00:00', PST)).toBe('2018-03-11T10:00:00.0000000Z');
  });
  it('rejects a local time skipped by spring-forward', () => {
    expect(code(() => toUtc('2018-03-11 02:30:00', PST))).toBe('expr/invalid-timestamp');
  });
  it('converts around fall-back; an ambiguous local time is standard time', () => {
    expect(fromUtc('2018-11-04T08:30:00Z', PST)).toBe('2018-11-04T01:30:00.0000000');
    expect(fromUtc('2018-11-04T09:30:00Z', PST)).toBe('2018-11-04T01:30:00.0000000');
    expect(toUtc('2018-11-04 01:30:00', PST)).toBe('2018-11-04T09:30:00.0000000Z');
    expect(toUtc('2018-11-04 00:59:59', PST)).toBe('2018-11-04T07:59:59.0000000Z');
  });
});

describe('EU daylight-saving transitions (W. Europe, 2018-03-25 and 2018-10-28)', () => {
  it('converts around spring-forward', () => {
    expect(fromUtc('2018-03-25T00:59:59Z', CET)).toBe('2018-03-25T01:59:59.0000000');
    expect(fromUtc('2018-03-25T01:00:00Z', CET)).toBe('2018-03-25T03:00:00.0000000');
    expect(code(() => toUtc('2018-03-25 02:30:00', CET))).toBe('expr/invalid-timestamp');
  });
  it('converts around fall-back', () => {
    expect(fromUtc('2018-10-28T00:30:00Z', CET)).toBe('2018-10-28T02:30:00.0000000');
    expect(fromUtc('2018-10-28T01:30:00Z', CET)).toBe('2018-10-28T02:30:00.0000000');
    expect(toUtc('2018-10-28 02:30:00', CET)).toBe('2018-10-28T01:30:00.0000000Z');
  });
  it('converts summer and winter times with the right offset', () => {
    expect(toUtc('2018-07-01 12:00:00', CET)).toBe('2018-07-01T10:00:00.0000000Z');
    expect(toUtc('2018-01-01 12:00:00', CET)).toBe('2018-01-01T11:00:00.0000000Z');
  });
});

describe('convertBetweenZones kinds', () => {
  it('returns utc for a UTC destination and unspecified otherwise', () => {
    expect(convertBetweenZones(parseTimestamp('2018-01-01T08:00:00Z'), null, 'UTC').kind).toBe('utc');
    expect(convertBetweenZones(parseTimestamp('2018-01-01T08:00:00Z'), null, PST).kind).toBe('unspecified');
  });
  it('keeps 7-digit fractions', () => {
    expect(fromUtc('2018-01-01T08:00:00.1234567Z', PST)).toBe('2018-01-01T00:00:00.1234567');
  });
  it('handles half-hour zones', () => {
    expect(fromUtc('2018-07-01T00:00:00Z', 'India Standard Time')).toBe('2018-07-01T05:30:00.0000000');
    expect(fromUtc('2018-07-01T00:00:00Z', 'Asia/Kolkata')).toBe('2018-07-01T05:30:00.0000000');
  });
  it('rejects a UTC or offset timestamp read in a non-UTC source zone (.NET rule)', () => {
    expect(code(() => toUtc('2018-01-01T08:00:00Z', PST))).toBe('expr/timestamp-kind-mismatch');
    expect(code(() => toUtc('2018-01-01T08:00:00+01:00', CET))).toBe('expr/timestamp-kind-mismatch');
    expect(toUtc('2018-01-01T08:00:00Z', 'UTC')).toBe('2018-01-01T08:00:00.0000000Z');
  });
});

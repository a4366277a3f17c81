import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant } from './dotnet-format.js';
import { DateTimeKind, createInstant } from './instant.js';
import { parseRoundTrip } from './round-trip-parse.js';
import { parseTimestamp } from './timestamp-parse.js';

describe('parseRoundTrip (fast path of parseTimestamp)', () => {
  it('reads the canonical shapes with exact ticks and kind', () => {
    expect(parseRoundTrip('2024-01-01T00:00:00Z')).toMatchObject({
      ticks: 638396640000000000n,
      kind: DateTimeKind.Utc,
    });
    expect(parseRoundTrip('2018-03-15T13:05:09.1204500Z')?.ticks).toBe(636567159091204500n);
    expect(parseRoundTrip('2018-03-15T13:05:09.12')?.fraction).toBe(1_200_000);
    expect(parseRoundTrip('2018-03-15T13:05:09')?.kind).toBe(DateTimeKind.Unspecified);
    expect(parseRoundTrip('9999-12-31T23:59:59.9999999Z')?.ticks).toBe(3_155_378_975_999_999_999n);
    expect(parseRoundTrip('0001-01-01T00:00:00Z')?.ticks).toBe(0n);
  });

  it('leaves every other text to the general parser', () => {
    for (const text of [
      '2018-03-15',
      '2018-03-15 13:00:00Z',
      '2018-03-15T13:00:00+02:00',
      '2018-03-15T13:00:00z',
      '2018-03-15T13:00:00.Z',
      '2018-03-15T13:00:00.12345678Z',
      ' 2018-03-15T13:00:00Z',
      '2018-02-30T00:00:00Z',
      '2018-13-01T00:00:00Z',
      '2018-03-15T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '2018-03-15T13:00:00ZZ',
    ])
      expect(parseRoundTrip(text), text).toBeUndefined();
  });

  it('agrees with the general parser on every text it accepts', () => {
    const max = 3_155_378_975_999_999_999n;
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max }),
        fc.constantFrom('o', 'yyyy-MM-ddTHH:mm:ss.FFFFFFF', 'yyyy-MM-ddTHH:mm:ssK', 's'),
        fc.constantFrom(DateTimeKind.Utc, DateTimeKind.Unspecified),
        (ticks, format, kind) => {
          const text = formatInstant(createInstant(ticks, kind), format);
          const fast = parseRoundTrip(text);
          const general = parseTimestamp(` ${text}`); // leading space: skips the fast path and the memo
          expect(fast).toBeDefined();
          expect(fast!.ticks).toBe(general.ticks);
          expect(fast!.kind).toBe(general.kind);
        },
      ),
    );
  });
});

describe('parseTimestamp memo', () => {
  it('gives the right instant when texts alternate', () => {
    const a = '2018-03-15T13:00:00Z';
    const b = '03/15/2018 13:00:00';
    for (let i = 0; i < 3; i++) {
      expect(parseTimestamp(a).ticks).toBe(636567156000000000n);
      expect(parseTimestamp(b).ticks).toBe(636567156000000000n);
      expect(parseTimestamp(b).kind).toBe(DateTimeKind.Unspecified);
    }
  });
});

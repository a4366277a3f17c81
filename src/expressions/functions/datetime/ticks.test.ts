import { describe, expect, it } from 'vitest';
import { FunctionError, type FunctionContext } from '../function-def.js';
import type { ExprValue } from '../../value.js';
import { ticks } from './ticks.js';

const ctx: FunctionContext = { now: () => 0, newGuid: () => 'g', random: () => 0 };
const t = (ts: ExprValue): number => ticks.call([ts], ctx) as number;

describe('ticks', () => {
  it('counts 100-ns intervals since 0001-01-01 (.NET DateTime.Ticks)', () => {
    expect(t('0001-01-01T00:00:00Z')).toBe(0);
    expect(t('0001-01-01T00:00:00.0000001')).toBe(1);
    expect(t('1970-01-01T00:00:00Z')).toBe(621355968000000000);
    expect(BigInt(t('2018-03-15T13:00:00Z'))).toBe(636567156000000000n);
    // above 2^61 (year 3654+) doubles are 512 ticks apart: nearest representable value
    expect(BigInt(t('9999-12-31T23:59:59Z')) - 3155378975990000000n).toBe(128n);
  });
  it('is exact for whole-second timestamps, so the days-between idiom is exact', () => {
    const a = t('2018-03-15T13:00:00Z');
    const b = t('2018-03-25T13:00:00Z');
    expect(Number.isInteger(a)).toBe(true);
    expect(Math.trunc((b - a) / 864000000000)).toBe(10);
    expect(BigInt(b) - BigInt(a)).toBe(8640000000000n);
  });
  it('is within 64 ticks for sub-12.8µs fractions (documented double precision limit)', () => {
    const exact = 636567156001234567n;
    const got = BigInt(t('2018-03-15T13:00:00.1234567Z'));
    expect(got - exact <= 64n && exact - got <= 64n).toBe(true);
  });
  it('reads an offset timestamp as UTC', () => {
    expect(t('2018-03-15T15:00:00+02:00')).toBe(t('2018-03-15T13:00:00Z'));
  });
  it('rejects bad input', () => {
    expect(() => t(42)).toThrow(FunctionError);
    expect(() => t('2018-13-01')).toThrow(/ticks: '2018-13-01' is not a valid timestamp/);
  });
});

import { describe, expect, it } from 'vitest';
import { FunctionError, type FunctionContext } from '../function-def.js';
import { ExprInt64, typeName } from '../../value.js';
import type { ExprValue } from '../../value.js';
import { ticks } from './ticks.js';

const ctx: FunctionContext = { now: () => 0, newGuid: () => 'g', random: () => 0 };
/** The exact tick count, whatever the value's representation (number below 2^53, ExprInt64 above). */
const t = (ts: ExprValue): bigint => {
  const v = ticks.call([ts], ctx);
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof ExprInt64) return v.value;
  throw new Error(`not an integer: ${typeName(v)}`);
};

describe('ticks', () => {
  it('counts 100-ns intervals since 0001-01-01 (.NET DateTime.Ticks)', () => {
    expect(ticks.call(['0001-01-01T00:00:00Z'], ctx)).toBe(0);
    expect(ticks.call(['0001-01-01T00:00:00.0000001'], ctx)).toBe(1);
    expect(t('1970-01-01T00:00:00Z')).toBe(621355968000000000n);
    expect(t('2018-03-15T13:00:00Z')).toBe(636567156000000000n);
    expect(t('9999-12-31T23:59:59.9999999Z')).toBe(3155378975999999999n); // DateTime.MaxValue.Ticks
  });
  it('is an exact Int64 beyond 2^53: the 100-ns digit survives', () => {
    expect(ticks.call(['2018-03-15T13:00:00.1234567Z'], ctx)).toBeInstanceOf(ExprInt64);
    expect(t('2018-03-15T13:00:00.1234567Z')).toBe(636567156001234567n);
    expect(t('2018-03-15T13:00:00.0000001Z') - t('2018-03-15T13:00:00Z')).toBe(1n);
  });
  it('reads an offset timestamp as UTC', () => {
    expect(t('2018-03-15T15:00:00+02:00')).toBe(t('2018-03-15T13:00:00Z'));
  });
  it('rejects bad input', () => {
    expect(() => ticks.call([42], ctx)).toThrow(FunctionError);
    expect(() => t('2018-13-01')).toThrow(/ticks: '2018-13-01' is not a valid timestamp/);
  });
});

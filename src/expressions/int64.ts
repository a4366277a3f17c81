/**
 * ADF integers are .NET `Int64`; Millrace holds them as JS numbers (see value.ts). Up to ±2^53 (9.0e15) every
 * integer is exact. Beyond that, up to the Int64 limits (±9.2e18, e.g. `ticks()` values, ~6.4e17 today), an
 * integer is the nearest double: exact for multiples of 2^(e−52) (every whole-second tick count up to year 3654),
 * otherwise off in the last digits (at most 64 for tick counts of today's dates, 512 near 2^63). Such values print
 * as the exact decimal of the double they hold, so `string(ticks('2024-01-01T00:00:00Z'))` is
 * `638396640000000000`, and integer division of them is exact.
 */

/** The Int64 range, for messages. */
export const INT64_RANGE_TEXT = '-9223372036854775808 … 9223372036854775807';

/** 2^63: the first double above `Int64.MaxValue` (2^63 − 1 itself rounds to it). */
const INT64_LIMIT = 2 ** 63;

/**
 * True when the integer `n` is in the Int64 range, as far as a double can tell: −2^63 ≤ n < 2^63.
 * At the edges the double decides: `Int64.MaxValue` and the 511 integers below it round to 2^63 and count as
 * overflow; the 1,024 integers below `Int64.MinValue` round to −2^63 and are accepted.
 */
export function fitsInt64(n: number): boolean {
  return n >= -INT64_LIMIT && n < INT64_LIMIT;
}

/** Decimal text of an integer: the exact value of the double, also beyond 2^53 (`String` would round it). */
export function formatInteger(n: number): string {
  return (n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER) || !fitsInt64(n)
    ? String(n)
    : BigInt(n).toString();
}

/** Integer division truncating toward zero (.NET `long / long`), exact for operands beyond 2^53; `b` ≠ 0. */
export function integerQuotient(a: number, b: number): number {
  if (
    a <= Number.MAX_SAFE_INTEGER &&
    a >= -Number.MAX_SAFE_INTEGER &&
    b <= Number.MAX_SAFE_INTEGER &&
    b >= -Number.MAX_SAFE_INTEGER
  )
    return Math.trunc(a / b); // exact: a non-integral quotient is farther than half an ulp from an integer
  return Number(BigInt(a) / BigInt(b));
}

import { ExprInt64 } from './value.js';

/**
 * ADF integers are .NET `Int64` (`long`). Up to ±(2^53 − 1) a JS number holds every integer exactly and Millrace
 * keeps them as numbers; beyond that, up to the Int64 limits (±9.2e18, e.g. `ticks()` values, ~6.4e17 today), an
 * integer the expression language makes is an `ExprInt64` holding a BigInt, so it stays exact through arithmetic,
 * comparison and text (`string(add(9007199254740992, 1))` is `9007199254740993`). An integral JS number beyond
 * 2^53 can still arrive from outside (a JSON file read by `JSON.parse`); it counts as the integer it holds.
 */

/** The Int64 range, for messages. */
export const INT64_RANGE_TEXT = '-9223372036854775808 … 9223372036854775807';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** 2^63: the first double above `Int64.MaxValue` (2^63 − 1 itself rounds to it). */
const INT64_LIMIT = 2 ** 63;

/** True when the integral JS number `n` is in the Int64 range: −2^63 ≤ n < 2^63. */
export function fitsInt64(n: number): boolean {
  return n >= -INT64_LIMIT && n < INT64_LIMIT;
}

/**
 * The expression value of an exact integer: a number when it is safe (|b| ≤ 2^53 − 1), else an `ExprInt64`;
 * undefined when it is outside the Int64 range (the caller raises `expr/integer-overflow`).
 */
export function integerValue(b: bigint): number | ExprInt64 | undefined {
  if (b >= SAFE_MIN && b <= SAFE_MAX) return Number(b);
  if (b < INT64_MIN || b > INT64_MAX) return undefined;
  return new ExprInt64(b);
}

/** The exact BigInt of an integer value (an integral number or an `ExprInt64`). */
export function bigIntOf(v: number | ExprInt64): bigint {
  return typeof v === 'number' ? BigInt(v) : v.value;
}

/** Decimal text of an integral JS number: the exact value of the double, also beyond 2^53 (`String` would round it). */
export function formatInteger(n: number): string {
  return (n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER) || !fitsInt64(n)
    ? String(n)
    : BigInt(n).toString();
}

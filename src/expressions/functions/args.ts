import { ExprCode } from '../expression-codes.js';
import { INT64_RANGE_TEXT, fitsInt64, integerValue } from '../int64.js';
import { ExprFloat, ExprInt64, isExprObject, typeName } from '../value.js';
import type { ExprObject, ExprValue } from '../value.js';
import { FunctionError } from './function-def.js';
import type { FunctionDef } from './function-def.js';

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

function ordinal(i: number): string {
  return ORDINAL[i] ?? `#${i + 1}`;
}

/** Throws the standard type error: `toLower() expects its first argument to be a string; got Integer`. */
export function typeError(fn: string, i: number, expected: string, v: ExprValue | undefined): never {
  throw new FunctionError(
    ExprCode.Type,
    `${fn}() expects its ${ordinal(i)} argument to be ${expected}; the provided value is of type '${typeName(v)}'`,
  );
}

/** Throws `expr/out-of-range` with a message naming the function. */
export function rangeError(fn: string, message: string): never {
  throw new FunctionError(ExprCode.OutOfRange, `${fn}(): ${message}`);
}

/** Argument `i` as a string, else a type error. */
export function str(fn: string, args: readonly ExprValue[], i: number): string {
  const v = args[i];
  if (typeof v !== 'string') typeError(fn, i, 'a string', v);
  return v;
}

/**
 * Argument `i` as an integer, else a type error (floats are not accepted, even integral ones). An integer beyond
 * 2^53 (`ExprInt64`) gives its nearest double: every caller uses it as a count, an index or an amount, whose own
 * range check then rejects it.
 */
export function int(fn: string, args: readonly ExprValue[], i: number): number {
  const v = args[i];
  if (v instanceof ExprInt64) return Number(v.value);
  if (typeof v !== 'number' || !Number.isInteger(v)) typeError(fn, i, 'an integer', v);
  return v;
}

/** Argument `i` as a JS number (integer or float; the nearest double of an `ExprInt64`), else a type error. */
export function num(fn: string, args: readonly ExprValue[], i: number): number {
  const v = args[i];
  if (typeof v === 'number') return v;
  if (v instanceof ExprFloat) return v.value;
  if (v instanceof ExprInt64) return Number(v.value);
  return typeError(fn, i, 'a number', v);
}

/** Argument `i` as a boolean, else a type error. */
export function bool(fn: string, args: readonly ExprValue[], i: number): boolean {
  const v = args[i];
  if (typeof v !== 'boolean') typeError(fn, i, 'a boolean', v);
  return v;
}

/** Argument `i` as an array, else a type error. */
export function arr(fn: string, args: readonly ExprValue[], i: number): readonly ExprValue[] {
  const v = args[i];
  if (!Array.isArray(v)) typeError(fn, i, 'an array', v);
  return v as readonly ExprValue[];
}

/** Argument `i` as an object, else a type error. */
export function obj(fn: string, args: readonly ExprValue[], i: number): ExprObject {
  const v = args[i];
  if (!isExprObject(v)) typeError(fn, i, 'an object', v);
  return v;
}

/** Defines a built-in function (frozen). */
export function defineFunction(
  name: string,
  minArgs: number,
  maxArgs: number,
  call: FunctionDef['call'],
): FunctionDef {
  return Object.freeze({ name, minArgs, maxArgs, call });
}

function overflow(fn: string, text: string): never {
  throw new FunctionError(
    ExprCode.IntegerOverflow,
    `${fn}(): integer result ${text} is outside the Int64 range ${INT64_RANGE_TEXT}`,
  );
}

/**
 * Checks that an integer result held in a JS number is in ADF's Int64 range, else `expr/integer-overflow`.
 * Callers give it only results that are exact (see int64.ts); `-0` becomes 0.
 */
export function checkedInteger(fn: string, n: number): number {
  if (!Number.isInteger(n) || !fitsInt64(n)) overflow(fn, String(n));
  return n === 0 ? 0 : n;
}

/**
 * An exact integer result as a value (a number, or an `ExprInt64` beyond 2^53); outside the Int64 range
 * `expr/integer-overflow`, as .NET's checked `long` arithmetic throws `OverflowException`.
 */
export function checkedBigInteger(fn: string, b: bigint): number | ExprInt64 {
  return integerValue(b) ?? overflow(fn, b.toString());
}

import { ExprCode } from '../expression-codes.js';
import { INT64_RANGE_TEXT, fitsInt64 } from '../int64.js';
import { ExprFloat, isExprObject, typeName } from '../value.js';
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

/** Argument `i` as an integer, else a type error (floats are not accepted, even integral ones). */
export function int(fn: string, args: readonly ExprValue[], i: number): number {
  const v = args[i];
  if (typeof v !== 'number' || !Number.isInteger(v)) typeError(fn, i, 'an integer', v);
  return v;
}

/** Argument `i` as a JS number (integer or float), else a type error. */
export function num(fn: string, args: readonly ExprValue[], i: number): number {
  const v = args[i];
  if (typeof v === 'number') return v;
  if (v instanceof ExprFloat) return v.value;
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

/**
 * Checks that an integer result is in ADF's Int64 range, else `expr/integer-overflow`. Beyond ±2^53 the value is
 * the nearest double (see int64.ts); the limit is checked on it.
 */
export function checkedInteger(fn: string, n: number): number {
  if (!Number.isInteger(n) || !fitsInt64(n))
    throw new FunctionError(
      ExprCode.IntegerOverflow,
      `${fn}(): integer result ${n} is outside the Int64 range ${INT64_RANGE_TEXT}`,
    );
  return n === 0 ? 0 : n;
}

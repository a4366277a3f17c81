/**
 * Values of the expression language. JSON-compatible, with two additions: ADF keeps integers and floats
 * apart (`div(7, 2)` is 3, `div(7.0, 2)` is 3.5), while a JS number cannot tell `3` from `3.0`; and ADF
 * integers are .NET `Int64`, exact up to ±9223372036854775807, while a JS number is exact only up to ±2^53.
 * Rule: a JS `number` that is an integer is an ADF integer; a non-integral `number` is a float; an
 * *integral* float (3.0) is an `ExprFloat`; an integer beyond ±(2^53 − 1) made by the expression language
 * (a literal, `add`, `int('…')`, `json('…')`, `ticks()`) is an `ExprInt64`, exact (see int64.ts). Create floats
 * with `toFloatValue`, read any number with `asNumber` (an `ExprInt64` gives its nearest double).
 */
export type ExprValue =
  null | boolean | number | string | ExprFloat | ExprInt64 | readonly ExprValue[] | ExprObject;
export interface ExprObject {
  readonly [key: string]: ExprValue;
}

/** An integral floating-point value, e.g. the result of `float('3')` or `mul(1.5, 2)`. */
export class ExprFloat {
  constructor(readonly value: number) {
    Object.freeze(this);
  }
  /** JSON has no 3.0 vs 3 distinction: serialize as the number. */
  toJSON(): number {
    return this.value;
  }
}

/**
 * An ADF integer outside ±(2^53 − 1), the range a JS number holds exactly, kept exact as a BigInt; always inside
 * the Int64 range. Smaller integers are plain numbers, so ordinary values pay nothing for it.
 */
export class ExprInt64 {
  constructor(readonly value: bigint) {
    Object.freeze(this);
  }
  /**
   * `JSON.stringify` cannot write a BigInt: it gets the nearest double. Exact JSON text comes from the expression
   * module's own writers (`toExpressionJson`, `stringifyExprValue`).
   */
  toJSON(): number {
    return Number(this.value);
  }
}

export function isExprInt64(v: unknown): v is ExprInt64 {
  return v instanceof ExprInt64;
}

/** Makes a float value: integral results are wrapped so they stay floats. */
export function toFloatValue(n: number): number | ExprFloat {
  return Number.isInteger(n) ? new ExprFloat(n) : n;
}

export function isExprFloat(v: unknown): v is ExprFloat {
  return v instanceof ExprFloat;
}

/** True for an ADF integer (a whole JS number, or an `ExprInt64`). */
export function isInteger(v: unknown): v is number | ExprInt64 {
  return (typeof v === 'number' && Number.isInteger(v)) || v instanceof ExprInt64;
}

/** True for an ADF float (non-integral number or ExprFloat). */
export function isFloat(v: unknown): boolean {
  return v instanceof ExprFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** True for any number (integer or float). */
export function isNumeric(v: unknown): v is number | ExprFloat | ExprInt64 {
  return typeof v === 'number' || v instanceof ExprFloat || v instanceof ExprInt64;
}

/** The JS number of a numeric value (the nearest double of an `ExprInt64`). */
export function asNumber(v: number | ExprFloat | ExprInt64): number {
  return typeof v === 'number' ? v : Number(v.value);
}

/** True for a plain object value (not null, not an array, not a float or a big integer). */
export function isExprObject(v: unknown): v is ExprObject {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof ExprFloat) &&
    !(v instanceof ExprInt64)
  );
}

/**
 * Converts a value to plain JSON (ExprFloat → number). An `ExprInt64` becomes its nearest double: the values
 * activities and run documents hold are JS JSON; exact text of a value comes from `toJsonText`/`stringifyExprValue`.
 */
export function toJsonValue(v: ExprValue): unknown {
  if (v instanceof ExprFloat) return v.value;
  if (v instanceof ExprInt64) return Number(v.value);
  if (Array.isArray(v)) return (v as readonly ExprValue[]).map(toJsonValue);
  if (isExprObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // `__proto__` is a legal JSON key: define it rather than set the prototype.
      if (k === '__proto__')
        Object.defineProperty(out, k, {
          value: toJsonValue(x),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[k] = toJsonValue(x);
    }
    return out;
  }
  return v;
}

/** The ADF type name of a value, for error messages: Null, Boolean, Integer, Float, String, Array, Object. */
export function typeName(v: ExprValue | undefined): string {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'string') return 'String';
  if (isInteger(v)) return 'Integer';
  if (isFloat(v)) return 'Float';
  if (Array.isArray(v)) return 'Array';
  return 'Object';
}

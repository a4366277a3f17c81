/**
 * Values of the expression language. JSON-compatible, with one addition: ADF keeps integers and floats
 * apart (`div(7, 2)` is 3, `div(7.0, 2)` is 3.5), while a JS number cannot tell `3` from `3.0`.
 * Rule: a JS `number` that is an integer is an ADF integer; a non-integral `number` is a float; an
 * *integral* float (3.0) is an `ExprFloat`. Create floats with `toFloatValue`, read any number with `asNumber`.
 * Integers are ADF `Int64` (range checked by `expr/integer-overflow`); beyond ±2^53 a JS number holds the nearest
 * double, so the last digits of such integers may be lost (see int64.ts).
 */
export type ExprValue = null | boolean | number | string | ExprFloat | readonly ExprValue[] | ExprObject;
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

/** Makes a float value: integral results are wrapped so they stay floats. */
export function toFloatValue(n: number): number | ExprFloat {
  return Number.isInteger(n) ? new ExprFloat(n) : n;
}

export function isExprFloat(v: unknown): v is ExprFloat {
  return v instanceof ExprFloat;
}

/** True for an ADF integer. */
export function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** True for an ADF float (non-integral number or ExprFloat). */
export function isFloat(v: unknown): boolean {
  return v instanceof ExprFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** True for any number (integer or float). */
export function isNumeric(v: unknown): v is number | ExprFloat {
  return typeof v === 'number' || v instanceof ExprFloat;
}

/** The JS number of a numeric value. */
export function asNumber(v: number | ExprFloat): number {
  return typeof v === 'number' ? v : v.value;
}

/** True for a plain object value (not null, not an array, not a float). */
export function isExprObject(v: unknown): v is ExprObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ExprFloat);
}

/** Converts a value to plain JSON (ExprFloat → number). */
export function toJsonValue(v: ExprValue): unknown {
  if (v instanceof ExprFloat) return v.value;
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

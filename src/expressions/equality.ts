import { ExprFloat, ExprInt64 } from './value.js';
import type { ExprObject, ExprValue } from './value.js';

/**
 * ADF `equals` semantics: deep, structural equality. Integers and floats compare by value (`1` equals
 * `1.0`); booleans equal the numbers 1/0 (`equals(true, 1)` is true, per the docs); strings compare
 * case-sensitively; objects compare key by key (key names case-sensitive, order ignored).
 */
export function valuesEqual(a: ExprValue, b: ExprValue): boolean {
  if (a === b) return true;
  const na = numberOf(a);
  const nb = numberOf(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && sameNumber(na, nb);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return false;
  if (aIsArray) {
    const x = a as readonly ExprValue[];
    const y = b as readonly ExprValue[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!valuesEqual(x[i]!, y[i]!)) return false;
    return true;
  }
  const x = a as ExprObject;
  const y = b as ExprObject;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(y, k) || !valuesEqual(x[k]!, y[k]!)) return false;
  }
  return true;
}

/** Exact numeric equality, also between a BigInt (an Int64 beyond 2^53) and a number. */
function sameNumber(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return a === b;
  return !(a < b) && !(a > b); // JS compares a BigInt with a number by exact value
}

/** Numbers, floats and booleans as a number (an `ExprInt64` as its BigInt); anything else undefined. */
function numberOf(v: ExprValue): number | bigint | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof ExprFloat) return v.value;
  if (v instanceof ExprInt64) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

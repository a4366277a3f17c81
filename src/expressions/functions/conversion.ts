import { ExprCode } from '../expression-codes.js';
import { parseJsonText } from '../json-text.js';
import { toText } from '../value-text.js';
import { ExprFloat, ExprInt64, toFloatValue } from '../value.js';
import type { ExprValue } from '../value.js';
import { checkedBigInteger, checkedInteger, defineFunction, typeError } from './args.js';
import { FunctionError } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { xmlToJson } from './xml.js';

const array = defineFunction('array', 1, 1, (args) => [args[0]!]);

const createArray = defineFunction('createArray', 1, Infinity, (args) => args.slice());

/** coalesce(o1, …): the first non-null argument (empty strings/arrays/objects count as values). */
const coalesce = defineFunction('coalesce', 1, Infinity, (args) => {
  for (let i = 0; i < args.length; i++) if (args[i] !== null) return args[i]!;
  return null;
});

function invalid(fn: string, what: string, v: string): never {
  throw new FunctionError(ExprCode.InvalidFormat, `${fn}(): '${v}' is not ${what}`);
}

/** An integral double as an Int64 value: the exact integer it holds (an `ExprInt64` beyond 2^53), else overflow. */
function integerOfDouble(n: number): number | ExprInt64 {
  if (Number.isSafeInteger(n) || !Number.isFinite(n)) return checkedInteger('int', n);
  return checkedBigInteger('int', BigInt(n));
}

/** .NET `Math.Round` (banker's rounding), as `Convert.ToInt64(double)` uses. */
function roundHalfEven(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * int(value): integer text (`' 10 '`, `'-5'`, exact over the whole Int64 range:
 * `int('9223372036854775807')`), a number (floats round half to even), or a boolean.
 */
const int = defineFunction('int', 1, 1, (args) => {
  const v = args[0]!;
  if (typeof v === 'string') {
    if (!/^\s*[+-]?\d+\s*$/.test(v)) invalid('int', 'an integer', v);
    const n = Number(v.trim());
    return Number.isSafeInteger(n) ? checkedInteger('int', n) : checkedBigInteger('int', BigInt(v.trim()));
  }
  if (v instanceof ExprInt64) return v;
  if (typeof v === 'number') return integerOfDouble(Number.isInteger(v) ? v : roundHalfEven(v));
  if (v instanceof ExprFloat) return integerOfDouble(v.value);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeError('int', 0, 'a string, a number or a boolean', v);
});

const FLOAT_TEXT = /^\s*[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** float(value): invariant-culture number text (thousands separators allowed, as .NET), a number or a boolean. */
const float = defineFunction('float', 1, 1, (args) => {
  const v = args[0]!;
  if (typeof v === 'string') {
    if (!FLOAT_TEXT.test(v)) invalid('float', 'a number', v);
    const n = Number(v.trim().replace(/,/g, ''));
    if (!Number.isFinite(n)) invalid('float', 'a number within the range of a float', v);
    return toFloatValue(n);
  }
  if (typeof v === 'number') return toFloatValue(v);
  if (v instanceof ExprInt64) return toFloatValue(Number(v.value));
  if (v instanceof ExprFloat) return v;
  if (typeof v === 'boolean') return toFloatValue(v ? 1 : 0);
  return typeError('float', 0, 'a string, a number or a boolean', v);
});

/** bool(value): `'true'`/`'false'` (any case, trimmed), numbers (non-zero is true), booleans; null is false. */
const bool = defineFunction('bool', 1, 1, (args) => {
  const v = args[0]!;
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof ExprFloat) return v.value !== 0;
  if (v instanceof ExprInt64) return true; // never 0: smaller integers are numbers
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    return invalid('bool', "a boolean ('true' or 'false')", v);
  }
  return typeError('bool', 0, 'a string, a number or a boolean', v);
});

const string = defineFunction('string', 1, 1, (args) => toText(args[0]!));

/**
 * json(value): parses JSON text, or converts XML text to JSON (xml.ts); null gives an empty object (ADF doc);
 * other non-strings pass through.
 */
const json = defineFunction('json', 1, 1, (args): ExprValue => {
  const v = args[0]!;
  if (v === null) return {};
  if (typeof v !== 'string') return v;
  if (/^\s*</.test(v)) return xmlToJson(v);
  return parseJsonText(v);
});

/** Conversion functions (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#conversion-functions); encodings are in encoding.ts. */
export const conversionFunctions: readonly FunctionDef[] = Object.freeze([
  array,
  createArray,
  coalesce,
  int,
  float,
  bool,
  string,
  json,
]);

import { formatInteger } from './int64.js';
import { formatDouble, formatJsonDouble } from './number-format.js';
import { ExprFloat, ExprInt64 } from './value.js';
import type { ExprObject, ExprValue } from './value.js';

/**
 * Converts a value to text as `string()`, `concat()` and `@{…}` interpolation do (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions):
 * strings unchanged, null → empty, booleans → `True`/`False` (.NET), integers → decimal (exact digits beyond 2^53, see int64.ts), floats → .NET
 * shortest round-trip text (`string(1.0)` → `1`), arrays/objects → compact JSON text.
 */
export function toText(v: ExprValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? formatInteger(v) : formatDouble(v);
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof ExprFloat) return formatDouble(v.value);
  if (v instanceof ExprInt64) return v.value.toString();
  return toJsonText(v);
}

/**
 * Serializes a value as compact JSON the way Newtonsoft.Json does: floats keep a fraction (`1.0`), doubles
 * use .NET formatting (`1E+20`), and U+0085, U+2028, U+2029 are escaped besides control characters.
 */
export function toJsonText(v: ExprValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteJson(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? formatInteger(v) : formatJsonDouble(v);
  if (v instanceof ExprFloat) return formatJsonDouble(v.value);
  if (v instanceof ExprInt64) return v.value.toString();
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++)
      out += (i > 0 ? ',' : '') + toJsonText((v as readonly ExprValue[])[i]!);
    return `${out}]`;
  }
  const o = v as ExprObject;
  let out = '{';
  let first = true;
  for (const k of Object.keys(o)) {
    out += `${first ? '' : ','}${quoteJson(k)}:${toJsonText(o[k]!)}`;
    first = false;
  }
  return `${out}}`;
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u0085\u2028\u2029]/;
const SHORT: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A JSON string literal with Newtonsoft's default escaping. */
export function quoteJson(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const short = SHORT[ch];
    if (short !== undefined) out += short;
    else if (c < 0x20 || c === 0x85 || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

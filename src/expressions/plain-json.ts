import { ExprFloat, ExprInt64 } from './value.js';
import type { ExprObject, ExprValue } from './value.js';

/**
 * JSON text of a value as `JSON.stringify(value, null, indent)` writes it, except that an Int64 beyond 2^53
 * (`ExprInt64`) is written with its exact digits (`JSON.stringify` would write the nearest double, and Node 20
 * has no `JSON.rawJSON`). What `millrace eval` prints.
 */
export function stringifyExprValue(value: ExprValue, indent = 0): string {
  return write(value, indent > 0 ? ' '.repeat(indent) : '', '');
}

function write(v: ExprValue | undefined, unit: string, outer: string): string {
  if (v instanceof ExprInt64) return v.value.toString();
  if (v instanceof ExprFloat) return JSON.stringify(v.value);
  if (v === undefined) return 'null'; // in an array, as JSON.stringify writes it (object members are skipped)
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = outer + unit;
  const open = unit === '' ? '' : `\n${inner}`;
  const sep = unit === '' ? ',' : `,\n${inner}`;
  const close = unit === '' ? '' : `\n${outer}`;
  const colon = unit === '' ? ':' : ': ';
  if (Array.isArray(v)) {
    const items = v as readonly ExprValue[];
    if (items.length === 0) return '[]';
    return `[${open}${items.map((x) => write(x, unit, inner)).join(sep)}${close}]`;
  }
  const o = v as ExprObject;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (keys.length === 0) return '{}';
  return `{${open}${keys.map((k) => `${JSON.stringify(k)}${colon}${write(o[k], unit, inner)}`).join(sep)}${close}}`;
}

import type { ExprObject, ExprValue } from './value.js';

/**
 * Reads member `name` of an object the way ADF does: an exact match first, then a case-insensitive one
 * (ADF member names are case-insensitive). `undefined` when there is no such member.
 */
export function getMember(obj: ExprObject, name: string): ExprValue | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Looks up a key of a record case-insensitively (exact match first); `undefined` when absent. */
export function findKey(keys: Iterable<string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const all = [...keys];
  if (all.includes(name)) return name;
  for (const k of all) if (k.toLowerCase() === lower) return k;
  return undefined;
}

/** A short list of names for error messages: `a, b, c` (at most 20), or `none`. */
export function listNames(names: Iterable<string>): string {
  const all = [...names];
  if (all.length === 0) return 'none';
  const shown = all.slice(0, 20).join(', ');
  return all.length > 20 ? `${shown}, … (${all.length - 20} more)` : shown;
}

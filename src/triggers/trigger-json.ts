import { ConfigError } from '../errors/index.js';
import type { JsonObject, JsonValue } from '../model/index.js';

/** Small readers of trigger JSON that fail with the trigger name and the property path. */
export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws `trigger/invalid-definition` naming the trigger and the JSON path. */
export function invalid(trigger: string, path: string, message: string): never {
  throw new ConfigError({
    code: 'trigger/invalid-definition',
    message: `trigger "${trigger}" ${path}: ${message}`,
  });
}

/** A required string property. */
export function str(obj: JsonObject, key: string, trigger: string, path: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v === '') invalid(trigger, `${path}.${key}`, 'a non-empty string is required');
  return v;
}

/** An optional string property. */
export function optStr(obj: JsonObject, key: string, trigger: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') invalid(trigger, `${path}.${key}`, 'must be a string');
  return v;
}

/** An optional integer property within [min, max]. */
export function optInt(
  obj: JsonObject,
  key: string,
  trigger: string,
  path: string,
  min: number,
  max: number,
): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    invalid(trigger, `${path}.${key}`, `must be an integer from ${min} to ${max} (got ${JSON.stringify(v)})`);
  }
  return n;
}

/** An optional array of integers within [min, max] (sorted, deduplicated); `nonZero` also refuses 0. */
export function optIntList(
  obj: JsonObject,
  key: string,
  trigger: string,
  path: string,
  range: { readonly min: number; readonly max: number; readonly nonZero?: boolean },
): readonly number[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) invalid(trigger, `${path}.${key}`, 'must be an array of integers');
  const out = v.map((x, i) => {
    const ok =
      typeof x === 'number' &&
      Number.isInteger(x) &&
      x >= range.min &&
      x <= range.max &&
      !(range.nonZero === true && x === 0);
    if (!ok) {
      const zero = range.nonZero === true ? ' other than 0' : '';
      invalid(trigger, `${path}.${key}[${i}]`, `must be an integer from ${range.min} to ${range.max}${zero}`);
    }
    return x;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

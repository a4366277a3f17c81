import { isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';

/**
 * Zod-free predicates for the building blocks of the resource schemas (schemas/common-schemas.ts), for the
 * fast structural check. Each accepts exactly what its schema accepts, or less, never more.
 */

/** A property check: the value, or undefined when the key is absent. */
export type Guard = (v: JsonValue | undefined) => boolean;

export const isString: Guard = (v) => typeof v === 'string';
export const isBoolean: Guard = (v) => typeof v === 'boolean';
export const isArray: Guard = (v) => Array.isArray(v);
export const isObject: Guard = (v) => isJsonObject(v);
export const isAny: Guard = () => true;
/** A finite number (zod's `z.number()` rejects the Infinity that `JSON.parse('1e999')` gives). */
export const isNumber: Guard = (v) => typeof v === 'number' && Number.isFinite(v);

/** `optional(g)`: absent, or passes `g`. */
export function opt(g: Guard): Guard {
  return (v) => v === undefined || g(v);
}

/** A loose object whose listed properties pass their guards (unknown properties are allowed). */
export function shape(fields: Readonly<Record<string, Guard>>): Guard {
  const keys = Object.keys(fields);
  const guards = Object.values(fields);
  // Direct reads are own reads for these keys, since none is a property of Object.prototype.
  const inherited = keys.find((k) => k in Object.prototype);
  if (inherited !== undefined) throw new Error(`shape key "${inherited}" is an Object.prototype property`);
  return (v) => {
    if (!isJsonObject(v)) return false;
    for (let i = 0; i < keys.length; i++) if (!(guards[i] as Guard)(v[keys[i] as string])) return false;
    return true;
  };
}

/** An array whose items all pass `g`. */
export function arrayOf(g: Guard): Guard {
  return (v) => Array.isArray(v) && (v as readonly JsonValue[]).every((x) => g(x));
}

/** An object whose values all pass `g`. */
export function recordOf(g: Guard): Guard {
  return (v) => {
    if (!isJsonObject(v)) return false;
    for (const key in v) if (Object.hasOwn(v, key) && !g(v[key])) return false;
    return true;
  };
}

/** One of `values`, ASCII case-insensitively (the schemas' `caseInsensitiveEnum`). */
export function ciEnum(values: readonly string[]): Guard {
  const lower = new Set(values.map((x) => x.toLowerCase()));
  return (v) => typeof v === 'string' && /^[A-Za-z]+$/.test(v) && lower.has(v.toLowerCase());
}

/** One of `values`, exactly. */
export function oneOf(values: readonly string[]): Guard {
  const set = new Set(values);
  return (v) => typeof v === 'string' && set.has(v);
}

/** `{"value": "…", "type": "Expression"}`. */
export const isExpressionObject: Guard = (v) =>
  isJsonObject(v) && typeof v['value'] === 'string' && v['type'] === 'Expression';
/** `"@…"` or an Expression object. */
export const isExpression: Guard = (v) =>
  (typeof v === 'string' && v.startsWith('@')) || isExpressionObject(v);
/** A string or an Expression object. */
export const isDynamicString: Guard = (v) => typeof v === 'string' || isExpressionObject(v);
/** A number, a string or an Expression object. */
export const isDynamicNumber: Guard = (v) => isNumber(v) || isDynamicString(v);
/** A boolean, a string or an Expression object. */
export const isDynamicBoolean: Guard = (v) => typeof v === 'boolean' || isDynamicString(v);

/** `{"referenceName", "type", "parameters"?}`. */
export const isReference: Guard = shape({
  referenceName: isDynamicString,
  type: isString,
  parameters: opt(isObject),
});

/** `{"name": "folder/sub"}`. */
export const isFolder: Guard = shape({ name: isString });

/** The value of `key` in `o`, or undefined when absent. */
export function own(o: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

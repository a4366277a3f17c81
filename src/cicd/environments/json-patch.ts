import type { JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';

/** A JSON path: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** `a.b[0].c` or `a.b.0.c` → `['a','b',0,'c']`. */
export function parseDottedPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1] !== '') out.push(/^\d+$/.test(m[1] ?? '') ? Number(m[1]) : (m[1] ?? ''));
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/**
 * A copy of `root` with `value` at `path` (copy-on-write along the path; the input is not changed).
 * Missing objects on the way are created; returns undefined when the path crosses a primitive or indexes
 * past the end of an array.
 */
export function setAtPath(root: JsonValue, path: JsonPath, value: JsonValue): JsonValue | undefined {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    if (typeof head !== 'number' || head > root.length) return undefined;
    const next = setAtPath((root as JsonValue[])[head] ?? {}, rest, value);
    if (next === undefined) return undefined;
    const copy = [...(root as JsonValue[])];
    copy[head] = next;
    return copy;
  }
  if (!isJsonObject(root) || head === undefined) return undefined;
  const key = String(head);
  const next = setAtPath(root[key] ?? {}, rest, value);
  return next === undefined ? undefined : { ...root, [key]: next };
}

/** The value at `path`, or undefined. */
export function getAtPath(root: JsonValue | undefined, path: JsonPath): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = (node as JsonValue[])[seg];
    else if (isJsonObject(node)) node = node[String(seg)];
    else return undefined;
  }
  return node;
}

/** `patch` deep-merged into `base`: objects merge key by key, anything else replaces. */
export function deepMerge(base: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(base) || !isJsonObject(patch)) return patch;
  const out: Record<string, JsonValue> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

/** ARM-safe spelling of a name: characters other than letters, digits and `_` become `_`. */
export function armSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Maps `_`-joined tokens of an ARM parameter name back to a path in `node`, matching existing keys
 * (whose own names may contain `_`) longest first. The last key may be new (e.g. a missing `defaultValue`).
 */
export function matchTokens(
  node: JsonValue | undefined,
  tokens: readonly string[],
): (string | number)[] | undefined {
  if (tokens.length === 0) return [];
  if (Array.isArray(node)) {
    const idx = Number(tokens[0]);
    if (!Number.isInteger(idx) || idx < 0 || idx >= node.length) return undefined;
    const rest = matchTokens((node as JsonValue[])[idx], tokens.slice(1));
    return rest && [idx, ...rest];
  }
  if (!isJsonObject(node)) return undefined;
  for (let k = tokens.length; k >= 1; k--) {
    const want = tokens.slice(0, k).join('_');
    const key = Object.keys(node).find((key) => armSafe(key) === want);
    if (key === undefined) continue;
    const rest = matchTokens(node[key], tokens.slice(k));
    if (rest) return [key, ...rest];
  }
  return tokens.length === 1 && tokens[0] ? [tokens[0]] : undefined;
}

import { createHash } from 'node:crypto';
import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';

/** Returns a deep copy of `value` with every object's keys sorted (by UTF-16 code unit order). */
export function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(sortKeys);
  if (isJsonObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * The canonical text of a JSON value: sorted keys, two-space indent, `\n` line ends and a final newline.
 * The same value always gives the same bytes, whatever the key order it was built in.
 */
export function canonicalJson(value: JsonValue): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** Lower-case hex sha256 of a UTF-8 text. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';

/** What replaces a secret value in the bundle (ADF Studio's own mask). */
export const REDACTED = '**********';

/** Where a secret was removed from a resource file. */
export interface RedactedValue {
  readonly file: string;
  readonly path: readonly (string | number)[];
}

function isSecureType(v: JsonValue | undefined): boolean {
  return typeof v === 'string' && v.toLowerCase() === 'securestring';
}

/**
 * A copy of a resource file's JSON without secret values: the `value` of every inline SecureString
 * (`{type: SecureString, value}`) and the `defaultValue` of every SecureString parameter become `**********`.
 * Everything else is kept as written, so the bundle round-trips the resource.
 */
export function redactSecrets(
  file: string,
  json: JsonValue,
): { readonly json: JsonValue; readonly redacted: RedactedValue[] } {
  const redacted: RedactedValue[] = [];
  const visit = (node: JsonValue, path: (string | number)[]): JsonValue => {
    if (Array.isArray(node)) return (node as readonly JsonValue[]).map((c, i) => visit(c, [...path, i]));
    if (!isJsonObject(node)) return node;
    const out: Record<string, JsonValue> = {};
    const secure = isSecureType(node['type']);
    for (const [k, v] of Object.entries(node)) {
      if (v === undefined) continue;
      if (secure && (k === 'value' || k === 'defaultValue') && v !== REDACTED) {
        redacted.push({ file, path: [...path, k] });
        out[k] = REDACTED;
      } else out[k] = visit(v, [...path, k]);
    }
    return out;
  };
  return { json: visit(json, []), redacted };
}

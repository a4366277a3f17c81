import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';

/** What a secret value looks like in every deploy output. */
export const SECRET_MASK = '***';

/** Secret values shorter than this are not searched for inside other strings (too many false hits). */
const MIN_SECRET_LENGTH = 4;

/** True for `{ "type": "SecureString", … }` (any case), whose `value` / `defaultValue` is secret. */
export function isSecureObject(v: JsonValue | undefined): boolean {
  return isJsonObject(v) && typeof v['type'] === 'string' && v['type'].toLowerCase() === 'securestring';
}

/** Every SecureString value found in the given JSON documents (for masking them wherever they appear). */
export function collectSecrets(docs: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (isSecureObject(o as JsonValue))
        for (const k of ['value', 'defaultValue'])
          if (typeof o[k] === 'string' && o[k].length > 0) out.add(o[k]);
      Object.values(o).forEach(walk);
    }
  };
  docs.forEach(walk);
  return out;
}

/** A masker: SecureString values and strings holding a known secret become `***`. */
export interface SecretMasker {
  /** Masks a value shown at a property whose parent object is `parent`. */
  (value: JsonValue, parent?: JsonValue, key?: string | number): JsonValue;
}

/** Creates a masker for the known secret values. */
export function createSecretMasker(secrets: ReadonlySet<string>): SecretMasker {
  const long = [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH);
  const leaks = (s: string): boolean => secrets.has(s) || long.some((x) => s.includes(x));
  const mask: SecretMasker = (value, parent, key) => {
    if (parent !== undefined && isSecureObject(parent) && (key === 'value' || key === 'defaultValue'))
      return SECRET_MASK;
    if (typeof value === 'string') return leaks(value) ? SECRET_MASK : value;
    if (Array.isArray(value)) return (value as readonly JsonValue[]).map((v, i) => mask(v, value, i));
    if (isJsonObject(value)) {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = mask(v, value, k);
      return out;
    }
    return value;
  };
  return mask;
}

import type { ExprValue } from '../expressions/index.js';
import { toJsonValue } from '../expressions/index.js';
import type { JsonValue, PipelineResource } from '../model/index.js';
import { SECURE_MASK } from './masking.js';

/** Initial variable values: the given ones (a rerun), else defaults; unset Arrays are `[]`, Booleans false, Strings ''. */
export function initialVariables(
  pipeline: PipelineResource,
  given: Readonly<Record<string, JsonValue>> | undefined,
): Record<string, ExprValue> {
  const out: Record<string, ExprValue> = {};
  for (const [name, spec] of Object.entries(pipeline.properties.variables)) {
    const g = given?.[name];
    if (g !== undefined && g !== SECURE_MASK) {
      out[name] = g;
      continue;
    }
    if (spec.defaultValue !== undefined) {
      out[name] = spec.defaultValue;
      continue;
    }
    const t = String(spec.type).toLowerCase();
    out[name] = t === 'array' ? [] : t === 'boolean' || t === 'bool' ? false : t === 'integer' ? 0 : '';
  }
  return out;
}

/** JSON of a record of values, with the names in `secure` masked. */
export function maskedRecord(
  values: Readonly<Record<string, ExprValue>>,
  secure: ReadonlySet<string>,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(values))
    out[k] = secure.has(k) ? SECURE_MASK : (toJsonValue(v) as JsonValue);
  return out;
}

/** ADF writes system times with seven fractional digits: `2024-01-01T10:00:00.1230000Z`. */
export function adfTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}0000Z`;
}

/** Names of the SecureString parameters of a pipeline. */
export function secureParameterNames(pipeline: PipelineResource): Set<string> {
  return new Set(
    Object.entries(pipeline.properties.parameters)
      .filter(([, s]) => String(s.type).toLowerCase() === 'securestring')
      .map(([n]) => n),
  );
}

/** The text form of a secure value to mask: a string as it is, anything else as JSON; nothing for null. */
export function secretText(value: ExprValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return JSON.stringify(toJsonValue(value));
}

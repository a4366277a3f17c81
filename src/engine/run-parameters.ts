import { ConfigError } from '../errors/index.js';
import type { ExprValue } from '../expressions/index.js';
import { isExprObject, isInteger, isNumeric, toFloatValue, typeName } from '../expressions/index.js';
import type { PipelineResource } from '../model/index.js';

/**
 * The run's parameter values: supplied ones checked (or, for text, parsed) by the declared type
 * (String, SecureString, Int, Float, Bool, Array, Object), defaults for the rest. Throws a ConfigError
 * (`run/unknown-parameter`, `run/missing-parameter`, `run/invalid-parameter`) naming the parameter.
 */
export function resolveRunParameters(
  pipeline: PipelineResource,
  typed: Readonly<Record<string, ExprValue>> = {},
  raw: Readonly<Record<string, string>> = {},
): Record<string, ExprValue> {
  const declared = pipeline.properties.parameters;
  const names = Object.keys(declared);
  const out: Record<string, ExprValue> = {};
  for (const name of [...Object.keys(typed), ...Object.keys(raw)]) {
    if (!(name in declared)) {
      throw new ConfigError({
        code: 'run/unknown-parameter',
        message: `pipeline "${pipeline.name}" has no parameter "${name}" (declared: ${names.join(', ') || 'none'})`,
      });
    }
  }
  for (const name of names) {
    const spec = declared[name];
    if (!spec) continue;
    const type = String(spec.type);
    if (name in raw) out[name] = parseParameterText(pipeline.name, name, type, raw[name] ?? '');
    else if (name in typed) out[name] = checkParameterValue(pipeline.name, name, type, typed[name] ?? null);
    else if (spec.defaultValue !== undefined) out[name] = spec.defaultValue;
    else {
      throw new ConfigError({
        code: 'run/missing-parameter',
        message: `pipeline "${pipeline.name}": parameter "${name}" (${type}) has no default value and was not given`,
        hint: `pass it with -p ${name}=<value>`,
      });
    }
  }
  return out;
}

/** Parses a text value by the declared type. */
export function parseParameterText(pipeline: string, name: string, type: string, text: string): ExprValue {
  const bad = (expected: string): ConfigError =>
    new ConfigError({
      code: 'run/invalid-parameter',
      message: `pipeline "${pipeline}": parameter "${name}" is declared ${type}; ${JSON.stringify(text)} is not ${expected}`,
    });
  switch (type.toLowerCase()) {
    case 'int':
      if (!/^[-+]?\d+$/.test(text.trim())) throw bad('an integer');
      return Number(text);
    case 'float': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw bad('a number');
      return toFloatValue(n);
    }
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') throw bad('true or false');
      return t === 'true';
    }
    case 'array':
    case 'object': {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        throw bad(type.toLowerCase() === 'array' ? 'a JSON array' : 'a JSON object');
      }
      if (type.toLowerCase() === 'array' ? !Array.isArray(v) : !isExprObject(v)) {
        throw bad(type.toLowerCase() === 'array' ? 'a JSON array' : 'a JSON object');
      }
      return v as ExprValue;
    }
    default:
      return text;
  }
}

/** Checks a typed value against the declared type; text for a non-string type is parsed as from the CLI. */
export function checkParameterValue(
  pipeline: string,
  name: string,
  type: string,
  value: ExprValue,
): ExprValue {
  const t = type.toLowerCase();
  if (value === null) return value;
  if (typeof value === 'string' && t !== 'string' && t !== 'securestring') {
    return parseParameterText(pipeline, name, type, value);
  }
  const ok =
    t === 'string' || t === 'securestring'
      ? typeof value === 'string'
      : t === 'int'
        ? isInteger(value)
        : t === 'float'
          ? isNumeric(value)
          : t === 'bool'
            ? typeof value === 'boolean'
            : t === 'array'
              ? Array.isArray(value)
              : t === 'object'
                ? isExprObject(value)
                : true;
  if (!ok) {
    throw new ConfigError({
      code: 'run/invalid-parameter',
      message: `pipeline "${pipeline}": parameter "${name}" is declared ${type}, got a value of type ${typeName(value)}`,
    });
  }
  return value;
}

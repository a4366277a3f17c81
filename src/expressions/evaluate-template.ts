import type { EvalContext } from './context.js';
import { compiledTemplate } from './template-cache.js';
import { ExprFloat } from './value.js';
import type { ExprObject, ExprValue } from './value.js';

/**
 * Evaluates a JSON string value by ADF's rules: `@expr` keeps the expression's type, `@{…}` interpolation
 * gives a string, other text is literal (`@@` escapes). Parsing and compilation are cached per string.
 * Throws `ExpressionError` pointing into `text`.
 * @example evaluateTemplate('@{pipeline().parameters.n}', ctx) // → '42'
 */
export function evaluateTemplate(text: string, ctx: EvalContext): ExprValue {
  return compiledTemplate(text)(ctx);
}

const AT = 64;

function isDynamicString(s: string): boolean {
  return s.charCodeAt(0) === AT || s.includes('@{');
}

/**
 * Evaluates a JSON value from a factory file: strings by template rules, `{"value": "…", "type":
 * "Expression"}` objects by their `value`, arrays and objects recursively. When nothing inside is dynamic
 * the same object is returned (no copy).
 */
export function evaluateDynamic(value: unknown, ctx: EvalContext): ExprValue {
  if (typeof value === 'string') return isDynamicString(value) ? evaluateTemplate(value, ctx) : value;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    return null;
  }
  if (value instanceof ExprFloat) return value;
  if (Array.isArray(value)) {
    const items = value as readonly unknown[];
    let out: ExprValue[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      const r = evaluateDynamic(v, ctx);
      if (r !== v && out === undefined) out = items.slice(0, i) as ExprValue[];
      if (out !== undefined) out.push(r);
    }
    return out ?? (items as readonly ExprValue[]);
  }
  const obj = value as Record<string, unknown>;
  if (obj['type'] === 'Expression' && typeof obj['value'] === 'string' && Object.keys(obj).length === 2)
    return evaluateTemplate(obj['value'], ctx);
  let out: Record<string, ExprValue> | undefined;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    const r = evaluateDynamic(v, ctx);
    if (r !== v && out === undefined) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = obj[keys[j]!] as ExprValue;
    }
    if (out !== undefined) out[k] = r;
  }
  return (out ?? obj) as ExprObject;
}

import type { ExprValue } from '../../expressions/index.js';
import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';
import { SECURE_MASK } from '../masking.js';
import { secretText } from '../run-values.js';
import type { ControlContext, ControlHandler } from './control-activity.js';
import { propertyError, requireProperty } from './control-failure.js';
import { checkVariableValue, declaredVariableType } from './variable-check.js';

/**
 * SetVariable: sets a declared variable to the evaluated `value`, or, with `setSystemVariable: true` and
 * `variableName: "pipelineReturnValue"`, sets the pipeline return value from its `{key, value:{type,
 * content}}` entries. Output `{name, value}`.
 */
export const setVariableActivity: ControlHandler = (ctx) => {
  const tp = ctx.activity.typeProperties;
  const name = requireProperty(ctx, 'variableName');
  if (typeof name !== 'string') throw propertyError(ctx, 'variableName', 'must be a string');
  if (tp['setSystemVariable'] === true) {
    if (name !== 'pipelineReturnValue') {
      throw propertyError(
        ctx,
        'variableName',
        `system variable "${name}" cannot be set (only pipelineReturnValue)`,
      );
    }
    const value = returnValue(ctx, tp['value'] ?? []);
    ctx.run.returnValue = value;
    return Promise.resolve({ name, value });
  }
  const type = declaredVariableType(ctx, name);
  const value = ctx.evaluate(tp['value'] ?? null);
  checkVariableValue(ctx, name, type, value);
  ctx.run.variables[name] = value;
  const secure = ctx.activity.policy?.secureOutput === true || ctx.activity.policy?.secureInput === true;
  if (secure) {
    ctx.run.secureVariables.add(name);
    const text = secretText(value);
    if (text !== undefined) ctx.run.options.onSecret?.(text);
  } else ctx.run.secureVariables.delete(name);
  // The value is the input too: a secured SetVariable shows it in neither.
  ctx.setInput({ variableName: name, value: secure ? SECURE_MASK : value });
  return Promise.resolve({ name, value });
};

/** Builds the return value from `[{key, value: {type, content}}]` (or an expression giving an object). */
function returnValue(ctx: ControlContext, spec: JsonValue): ExprValue {
  if (!Array.isArray(spec)) return ctx.evaluate(spec);
  const out: Record<string, ExprValue> = {};
  for (const entry of spec as readonly JsonValue[]) {
    if (!isJsonObject(entry) || typeof entry['key'] !== 'string' || !isJsonObject(entry['value'])) {
      throw propertyError(
        ctx,
        'value',
        'each return value entry needs a "key" and a "value": {type, content}',
      );
    }
    out[entry['key']] = entryValue(ctx, entry['value']);
  }
  return out;
}

function entryValue(ctx: ControlContext, v: { readonly [k: string]: JsonValue }): ExprValue {
  const type = (typeof v['type'] === 'string' ? v['type'] : 'String').toLowerCase();
  const content = v['content'] ?? null;
  switch (type) {
    case 'expression':
      return ctx.evaluate(content);
    case 'null':
      return null;
    case 'object':
      return returnValue(ctx, content);
    case 'array':
      return Array.isArray(content) ? (content as readonly JsonValue[]).map((c) => ctx.evaluate(c)) : content;
    default:
      return content;
  }
}

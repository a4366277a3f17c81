import type { ExprValue } from '../../expressions/index.js';
import type { ControlHandler } from './control-activity.js';
import { propertyError, requireProperty } from './control-failure.js';
import { declaredVariableType } from './variable-check.js';

/** AppendVariable: appends the evaluated `value` as one element to an Array variable. Output `{}`. */
export const appendVariableActivity: ControlHandler = (ctx) => {
  const name = requireProperty(ctx, 'variableName');
  if (typeof name !== 'string') throw propertyError(ctx, 'variableName', 'must be a string');
  const type = declaredVariableType(ctx, name);
  if (type.toLowerCase() !== 'array') {
    throw propertyError(
      ctx,
      'variableName',
      `variable "${name}" is of type ${type}; AppendVariable needs an Array`,
    );
  }
  const value = ctx.evaluate(ctx.activity.typeProperties['value'] ?? null);
  const current = ctx.run.variables[name];
  ctx.run.variables[name] = [...(Array.isArray(current) ? (current as readonly ExprValue[]) : []), value];
  ctx.setInput({ variableName: name, value });
  return Promise.resolve({});
};

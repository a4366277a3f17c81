import { isInteger, typeName } from '../../expressions/index.js';
import type { ExprValue } from '../../expressions/index.js';
import type { ControlContext } from './control-activity.js';
import { propertyError } from './control-failure.js';

/** The declared type of a pipeline variable; throws naming the declared ones when unknown. */
export function declaredVariableType(ctx: ControlContext, name: string): string {
  const spec = ctx.run.pipeline.properties.variables[name];
  if (!spec) {
    const known = Object.keys(ctx.run.pipeline.properties.variables).join(', ') || 'none';
    throw propertyError(ctx, 'variableName', `unknown variable "${name}" (declared: ${known})`);
  }
  return String(spec.type);
}

/** ADF refuses a value whose type does not match the variable's declared type. */
export function checkVariableValue(ctx: ControlContext, name: string, type: string, value: ExprValue): void {
  const t = type.toLowerCase();
  const ok =
    value === null ||
    (t === 'string' && typeof value === 'string') ||
    ((t === 'boolean' || t === 'bool') && typeof value === 'boolean') ||
    (t === 'array' && Array.isArray(value)) ||
    (t === 'integer' && isInteger(value)) ||
    !['string', 'boolean', 'bool', 'array', 'integer'].includes(t);
  if (!ok) {
    throw propertyError(
      ctx,
      'value',
      `the variable "${name}" of type "${type}" cannot be updated with a value of type "${typeName(value)}"`,
    );
  }
}

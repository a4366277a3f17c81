import { ActivityError, FailureType } from '../../errors/index.js';
import { typeName } from '../../expressions/index.js';
import type { ExprValue } from '../../expressions/index.js';
import type { JsonValue } from '../../model/index.js';
import { cancelledError } from '../error-boundary.js';
import type { ScopeOutcome } from '../outcome.js';
import type { ControlContext } from './control-activity.js';

/** Throws when a nested scope did not succeed: cancelled, or ADF's "an inner activity failed". */
export function throwUnlessSucceeded(ctx: ControlContext, outcome: ScopeOutcome): void {
  if (outcome.status === 'Succeeded') return;
  if (outcome.status === 'Cancelled' || ctx.signal.aborted) throw cancelledError(ctx.activity.name);
  throw innerFailure(ctx, outcome);
}

/** ADF's container failure: `Activity failed because an inner activity failed; Inner activity name: …`. */
export function innerFailure(ctx: ControlContext, outcome: ScopeOutcome): ActivityError {
  const f = outcome.failure;
  return new ActivityError({
    code: 'engine/inner-activity-failed',
    errorCode: 'ActionFailed',
    failureType: FailureType.UserError,
    message: f
      ? `Activity failed because an inner activity failed; Inner activity name: ${f.target}, Error: ${f.message}`
      : 'Activity failed because an inner activity failed',
  });
}

/** A user mistake in a control activity's typeProperties, naming the activity and the property. */
export function propertyError(ctx: ControlContext, property: string, problem: string): ActivityError {
  return new ActivityError({
    code: 'engine/invalid-type-property',
    errorCode: 'InvalidTypeProperty',
    failureType: FailureType.UserError,
    message: `activity "${ctx.activity.name}" typeProperties.${property}: ${problem}`,
  });
}

/** The property's value; throws when it is missing. */
export function requireProperty(ctx: ControlContext, property: string): JsonValue {
  const v = ctx.activity.typeProperties[property];
  if (v === undefined) throw propertyError(ctx, property, 'is required');
  return v;
}

/** Evaluates a property that must be a Boolean expression. */
export function evaluateBoolean(
  ctx: ControlContext,
  property: string,
  value: unknown,
  item?: ExprValue,
): boolean {
  const v = item === undefined ? ctx.evaluate(value) : ctx.evaluateWithItem(value, item);
  if (typeof v !== 'boolean')
    throw propertyError(ctx, property, `must evaluate to a Boolean, got ${typeName(v)}`);
  return v;
}

/** Evaluates a property that must be an array. */
export function evaluateArray(ctx: ControlContext, property: string): readonly ExprValue[] {
  const v = ctx.evaluate(requireProperty(ctx, property));
  if (!Array.isArray(v)) throw propertyError(ctx, property, `must evaluate to an Array, got ${typeName(v)}`);
  return v as readonly ExprValue[];
}

/** `true` or the text `"true"` (docs show both for isSequential / waitOnCompletion). */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** A nested activity list (absent = empty). */
export function activityList(
  ctx: ControlContext,
  value: JsonValue | undefined,
  property: string,
): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw propertyError(ctx, property, 'must be an array of activities');
  return value as readonly unknown[];
}

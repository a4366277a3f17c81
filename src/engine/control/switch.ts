import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';
import { isInteger, toExpressionText, typeName } from '../../expressions/index.js';
import type { ControlHandler } from './control-activity.js';
import { activityList, propertyError, requireProperty, throwUnlessSucceeded } from './control-failure.js';

function valueText(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * Switch: evaluates `on`, which must be a string or an integer (a float, boolean, array, object or null fails
 * the activity: https://learn.microsoft.com/azure/data-factory/control-flow-switch-activity says the
 * expression "evaluates to a string"; integers are matched by their text, as ADF does), runs the activities of
 * the case whose `value` equals it (exact, case-sensitive), else `defaultActivities` (iteration path
 * `Name(value)` / `Name(default)`). Fails when that scope fails. Output `{}`.
 */
export const switchActivity: ControlHandler = async (ctx) => {
  const tp = ctx.activity.typeProperties;
  const on = ctx.evaluate(requireProperty(ctx, 'on'));
  if (typeof on !== 'string' && !isInteger(on)) {
    throw propertyError(ctx, 'on', `must evaluate to a String or an Integer, got ${typeName(on)}`);
  }
  const selector = typeof on === 'string' ? on : toExpressionText(on); // exact digits beyond 2^53
  ctx.setInput({ on: selector });
  const cases = (Array.isArray(tp['cases']) ? tp['cases'] : []) as readonly JsonValue[];
  const match = cases.find((c) => isJsonObject(c) && valueText(c['value']) === selector);
  const list = isJsonObject(match)
    ? activityList(ctx, match['activities'], 'cases[].activities')
    : activityList(ctx, tp['defaultActivities'], 'defaultActivities');
  if (list.length === 0) return {};
  const segment = `${ctx.activity.name}(${match ? selector : 'default'})`;
  throwUnlessSucceeded(ctx, await ctx.runChildScope(list, { segment }));
  return {};
};

import { recordedBranch } from '../resume-source.js';
import type { ControlHandler } from './control-activity.js';
import { activityList, evaluateBoolean, requireProperty, throwUnlessSucceeded } from './control-failure.js';

/**
 * IfCondition: evaluates `expression` (a Boolean) and runs `ifTrueActivities` or `ifFalseActivities` as a
 * nested scope (iteration path `Name(true)` / `Name(false)`). Fails when that scope fails. Output `{}`.
 */
export const ifConditionActivity: ControlHandler = async (ctx) => {
  const tp = ctx.activity.typeProperties;
  // Resumed after a takeover: the branch it had entered, not one chosen again from variables changed since.
  const entered = recordedBranch(ctx.run.rerun, ctx.scope.iteration, ctx.activity.name);
  const result =
    entered === undefined
      ? evaluateBoolean(ctx, 'expression', requireProperty(ctx, 'expression'))
      : entered === 'true';
  ctx.setInput({ expression: result });
  const key = result ? 'ifTrueActivities' : 'ifFalseActivities';
  const list = activityList(ctx, tp[key], key);
  if (list.length === 0) return {};
  throwUnlessSucceeded(ctx, await ctx.runChildScope(list, { segment: `${ctx.activity.name}(${result})` }));
  return {};
};

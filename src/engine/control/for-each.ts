import { asNumber, isNumeric } from '../../expressions/index.js';
import type { ExprValue } from '../../expressions/index.js';
import type { ScopeOutcome } from '../outcome.js';
import type { ControlHandler } from './control-activity.js';
import { activityList, innerFailure, isTrue, propertyError, requireProperty } from './control-failure.js';
import { cancelledError } from '../error-boundary.js';

/** ADF's ceiling on parallel ForEach iterations. */
export const MAX_BATCH_COUNT = 50;

/**
 * ForEach: runs `activities` once per element of `items` (`item()` is the element; iteration path
 * `Name[i]`), one at a time when `isSequential`, else up to `batchCount` (default 20, at most 50) at once.
 * A failed iteration does not stop the others; the ForEach fails once all have finished. Output `{}`.
 */
export const forEachActivity: ControlHandler = async (ctx) => {
  const tp = ctx.activity.typeProperties;
  const value = ctx.evaluate(requireProperty(ctx, 'items'));
  if (!Array.isArray(value)) throw propertyError(ctx, 'items', 'must evaluate to an Array');
  const items = value as readonly ExprValue[];
  const list = activityList(ctx, requireProperty(ctx, 'activities'), 'activities');
  const sequential = isTrue(tp['isSequential']);
  const batch = tp['batchCount'] === undefined ? 20 : ctx.evaluate(tp['batchCount']);
  if (!isNumeric(batch) || asNumber(batch) < 1)
    throw propertyError(ctx, 'batchCount', 'must be an integer ≥ 1');
  const parallel = sequential
    ? 1
    : Math.min(Math.floor(asNumber(batch)), MAX_BATCH_COUNT, Math.max(items.length, 1));
  ctx.setInput({ itemsCount: items.length, isSequential: sequential, batchCount: parallel });
  let next = 0;
  let firstFailure: ScopeOutcome | undefined;
  const name = ctx.activity.name;
  const worker = async (): Promise<void> => {
    while (next < items.length && !ctx.signal.aborted) {
      const i = next++;
      const outcome = await ctx.runChildScope(list, { segment: `${name}[${i}]`, item: items[i] ?? null });
      if (outcome.status === 'Failed') firstFailure ??= outcome;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  if (ctx.signal.aborted) throw cancelledError(name);
  if (firstFailure) throw innerFailure(ctx, firstFailure);
  return {};
};

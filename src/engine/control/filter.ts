import type { ExprValue } from '../../expressions/index.js';
import type { ControlHandler } from './control-activity.js';
import { evaluateArray, evaluateBoolean, requireProperty } from './control-failure.js';

/** Filter: keeps the items whose `condition` (with `item()`) is true. Output `{ItemsCount, FilteredItemsCount, Value}`. */
export const filterActivity: ControlHandler = (ctx) => {
  const items = evaluateArray(ctx, 'items');
  const condition = requireProperty(ctx, 'condition');
  // As ADF's monitor shows it: the evaluated items and the condition as written (it is evaluated per item).
  ctx.setInput({ items, condition: condition as ExprValue });
  const kept: ExprValue[] = [];
  for (const item of items) if (evaluateBoolean(ctx, 'condition', condition, item)) kept.push(item);
  return Promise.resolve({ ItemsCount: items.length, FilteredItemsCount: kept.length, Value: kept });
};

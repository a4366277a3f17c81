import { asNumber, isNumeric, typeName } from '../../expressions/index.js';
import type { ControlHandler } from './control-activity.js';
import { propertyError, requireProperty } from './control-failure.js';

/** Wait: sleeps `waitTimeInSeconds` (through the injected clock). Output `{}`. */
export const waitActivity: ControlHandler = async (ctx) => {
  const v = ctx.evaluate(requireProperty(ctx, 'waitTimeInSeconds'));
  ctx.setInput({ waitTimeInSeconds: v });
  const seconds = typeof v === 'string' && v.trim() !== '' ? Number(v) : isNumeric(v) ? asNumber(v) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw propertyError(ctx, 'waitTimeInSeconds', `must be a number of seconds ≥ 0, got ${typeName(v)}`);
  }
  // Wait 0 is a no-op: no timer, no event-loop turn.
  if (seconds > 0) await ctx.run.options.clock.sleep(seconds * 1000, ctx.signal);
  return {};
};

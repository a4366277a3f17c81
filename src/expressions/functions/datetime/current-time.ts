import type { FunctionDef, FunctionContext } from '../function-def.js';
import { formatResult, inFunction, integerArg, stringArg } from './function-args.js';
import { instantFromEpochMs } from './instant.js';
import { addTime, parseTimeUnit } from './time-units.js';
import type { ExprValue } from '../../value.js';

/** `utcNow(format?)`: the injected clock's instant (`ctx.now()`), UTC, default format `o`. */
export const utcNow: FunctionDef = {
  name: 'utcNow',
  minArgs: 0,
  maxArgs: 1,
  call: (args, ctx) =>
    formatResult(instantFromEpochMs(ctx.now(), ctx.nowSubMsTicks?.() ?? 0), args, 0, 'utcNow'),
};

function relativeToNow(name: string, sign: 1 | -1): FunctionDef {
  return {
    name,
    minArgs: 2,
    maxArgs: 3,
    call: (args: readonly ExprValue[], ctx: FunctionContext) => {
      const interval = integerArg(args, 0, name, 'interval');
      const unit = inFunction(name, () => parseTimeUnit(stringArg(args, 1, name, 'timeUnit')));
      const result = inFunction(name, () =>
        addTime(instantFromEpochMs(ctx.now(), ctx.nowSubMsTicks?.() ?? 0), sign * interval, unit),
      );
      return formatResult(result, args, 2, name);
    },
  };
}

/** `getFutureTime(interval, timeUnit, format?)`: now plus the interval. */
export const getFutureTime: FunctionDef = relativeToNow('getFutureTime', 1);
/** `getPastTime(interval, timeUnit, format?)`: now minus the interval. */
export const getPastTime: FunctionDef = relativeToNow('getPastTime', -1);

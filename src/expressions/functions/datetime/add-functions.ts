import type { FunctionDef } from '../function-def.js';
import { formatResult, inFunction, integerArg, numberArg, stringArg, timestampArg } from './function-args.js';
import { TimeUnit, addTime, parseTimeUnit } from './time-units.js';

/** addDays/addHours/addMinutes/addSeconds(timestamp, amount, format?): amount may be negative. */
function fixedUnitAdder(name: string, unit: TimeUnit, param: string): FunctionDef {
  return {
    name,
    minArgs: 2,
    maxArgs: 3,
    call: (args) => {
      const instant = timestampArg(args, 0, name);
      const amount = numberArg(args, 1, name, param);
      return formatResult(
        inFunction(name, () => addTime(instant, amount, unit)),
        args,
        2,
        name,
      );
    },
  };
}

/** addToTime/subtractFromTime(timestamp, interval, timeUnit, format?). */
function unitAdder(name: string, sign: 1 | -1): FunctionDef {
  return {
    name,
    minArgs: 3,
    maxArgs: 4,
    call: (args) => {
      const instant = timestampArg(args, 0, name);
      const interval = integerArg(args, 1, name, 'interval');
      const unit = inFunction(name, () => parseTimeUnit(stringArg(args, 2, name, 'timeUnit')));
      return formatResult(
        inFunction(name, () => addTime(instant, sign * interval, unit)),
        args,
        3,
        name,
      );
    },
  };
}

/** `addDays('2018-03-15T00:00:00Z', 10)` → `2018-03-25T00:00:00.0000000Z`. */
export const addDays: FunctionDef = fixedUnitAdder('addDays', TimeUnit.Day, 'days');
/** `addHours('2018-03-15T00:00:00Z', 10)` → `2018-03-15T10:00:00.0000000Z`. */
export const addHours: FunctionDef = fixedUnitAdder('addHours', TimeUnit.Hour, 'hours');
/** `addMinutes('2018-03-15T00:10:00Z', 10)` → `2018-03-15T00:20:00.0000000Z`. */
export const addMinutes: FunctionDef = fixedUnitAdder('addMinutes', TimeUnit.Minute, 'minutes');
/** `addSeconds('2018-03-15T00:00:00Z', 10)` → `2018-03-15T00:00:10.0000000Z`. */
export const addSeconds: FunctionDef = fixedUnitAdder('addSeconds', TimeUnit.Second, 'seconds');
/** `addToTime('2018-01-01T00:00:00Z', 1, 'Day')` → `2018-01-02T00:00:00.0000000Z`; units Second…Year. */
export const addToTime: FunctionDef = unitAdder('addToTime', 1);
/** `subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')` → `2018-01-01T00:00:00.0000000Z`. */
export const subtractFromTime: FunctionDef = unitAdder('subtractFromTime', -1);

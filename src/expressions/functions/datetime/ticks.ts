import { integerValue } from '../../int64.js';
import type { ExprInt64 } from '../../value.js';
import type { FunctionDef } from '../function-def.js';
import { timestampArg } from './function-args.js';

/**
 * The Integer value of a tick count, exact: a number below 2^53 ticks (year 29), an `ExprInt64` after (see
 * int64.ts), so `ticks('2024-01-01T00:00:00.0000001Z')` keeps its last digit. `DateTime.MaxValue.Ticks` is far
 * inside the Int64 range.
 */
export function ticksValue(ticks: bigint): number | ExprInt64 {
  return integerValue(ticks) ?? Number(ticks);
}

/**
 * `ticks(timestamp)`: .NET `DateTime.Ticks`, 100-ns intervals since 0001-01-01T00:00:00 on the timestamp's own
 * clock (an offset input is first converted to UTC), as an exact Integer
 * (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#ticks).
 */
export const ticks: FunctionDef = {
  name: 'ticks',
  minArgs: 1,
  maxArgs: 1,
  call: (args) => ticksValue(timestampArg(args, 0, 'ticks').ticks),
};

import type { FunctionDef } from '../function-def.js';
import { timestampArg } from './function-args.js';

/**
 * The nearest JS number to an exact tick count: ADF integers are Int64, held as JS numbers (see int64.ts). Exact
 * below 2^53 ticks (year 29); up to 2^60 ticks (year ~3654) exact for every multiple of 128 ticks (12.8 µs),
 * which includes every whole-second timestamp, so `string(ticks(…))` prints the exact digits and
 * `div(sub(ticks(b), ticks(a)), 864000000000)` is exact. Otherwise off by at most half the double spacing:
 * 64 ticks (6.4 µs) for dates between 1827 and 3654, 256 ticks after.
 */
export function ticksToNumber(ticks: bigint): number {
  return Number(ticks);
}

/**
 * `ticks(timestamp)`: .NET `DateTime.Ticks`, 100-ns intervals since 0001-01-01T00:00:00 on the timestamp's own
 * clock (an offset input is first converted to UTC). Returned as an Integer; see {@link ticksToNumber} for the
 * precision of values above 2^53.
 */
export const ticks: FunctionDef = {
  name: 'ticks',
  minArgs: 1,
  maxArgs: 1,
  call: (args) => ticksToNumber(timestampArg(args, 0, 'ticks').ticks),
};

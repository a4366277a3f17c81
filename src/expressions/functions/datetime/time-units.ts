import { ExprCode } from '../../expression-codes.js';
import { FunctionError } from '../function-def.js';
import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  addMonths,
  createInstant,
  type Instant,
} from './instant.js';

/** The `timeUnit` values of addToTime, subtractFromTime, getFutureTime and getPastTime. */
export const TimeUnit = {
  Second: 'Second',
  Minute: 'Minute',
  Hour: 'Hour',
  Day: 'Day',
  Week: 'Week',
  Month: 'Month',
  Year: 'Year',
} as const;
export type TimeUnit = (typeof TimeUnit)[keyof typeof TimeUnit];

const UNIT_TICKS: Readonly<Record<TimeUnit, bigint | null>> = {
  Second: TICKS_PER_SECOND,
  Minute: TICKS_PER_MINUTE,
  Hour: TICKS_PER_HOUR,
  Day: TICKS_PER_DAY,
  Week: 7n * TICKS_PER_DAY,
  Month: null,
  Year: null,
};

/** .NET `AddMonths` accepts ±120000 months. */
const MAX_MONTHS = 120_000;

/**
 * Parses a time unit, case-insensitively.
 * @throws FunctionError `expr/invalid-time-unit` listing the valid units
 */
export function parseTimeUnit(text: string): TimeUnit {
  const unit = Object.values(TimeUnit).find((u) => u.toLowerCase() === text.toLowerCase());
  if (unit === undefined) {
    throw new FunctionError(
      ExprCode.InvalidTimeUnit,
      `unknown time unit '${text}' (allowed: ${Object.values(TimeUnit).join(', ')})`,
    );
  }
  return unit;
}

/**
 * Adds `amount` units (may be negative) like the .NET `DateTime.AddX` methods; Month and Year clamp the day of
 * month (2024-01-31 + 1 Month = 2024-02-29). Fractional amounts of fixed units are rounded to the millisecond
 * as .NET Framework's `AddDays(double)` does; Month/Year need an integer.
 * @throws FunctionError `expr/out-of-range`, `expr/type` (fractional Month/Year)
 */
export function addTime(instant: Instant, amount: number, unit: TimeUnit): Instant {
  const ticksPerUnit = UNIT_TICKS[unit];
  if (ticksPerUnit === null) {
    if (!Number.isInteger(amount))
      throw new FunctionError(ExprCode.Type, `a ${unit} interval must be an Integer`);
    const months = unit === TimeUnit.Year ? amount * 12 : amount;
    if (Math.abs(months) > MAX_MONTHS) return createInstant(-1n, instant.kind);
    return addMonths(instant, months);
  }
  if (!Number.isFinite(amount)) return createInstant(-1n, instant.kind);
  if (Number.isInteger(amount))
    return createInstant(instant.ticks + BigInt(amount) * ticksPerUnit, instant.kind);
  const msPerUnit = Number(ticksPerUnit / TICKS_PER_MILLISECOND);
  const millis = Math.trunc(amount * msPerUnit + (amount >= 0 ? 0.5 : -0.5));
  return createInstant(instant.ticks + BigInt(millis) * TICKS_PER_MILLISECOND, instant.kind);
}

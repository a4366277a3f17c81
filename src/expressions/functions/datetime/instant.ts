import { ExprCode } from '../../expression-codes.js';
import { FunctionError } from '../function-def.js';

/**
 * How a timestamp's clock reading is qualified, as in .NET `DateTimeKind`:
 * - `utc`: the reading is UTC (input had `Z` or `GMT`; `utcNow()`; results of `convertToUtc`).
 * - `local`: the reading is in the host's zone. .NET parses an input with an explicit offset (`+02:00`) into a
 *   Local time; ADF's hosts run in UTC, so Millrace models the host zone as UTC (results print `+00:00`).
 * - `unspecified`: a bare wall-clock reading (input without designator; `convertFromUtc` results). Prints no
 *   zone with `o`/`K`.
 */
export const DateTimeKind = {
  Utc: 'utc',
  Local: 'local',
  Unspecified: 'unspecified',
} as const;
export type DateTimeKind = (typeof DateTimeKind)[keyof typeof DateTimeKind];

/**
 * A .NET `DateTime`: `ticks` are 100-ns intervals since 0001-01-01T00:00:00 on the instant's own clock (see
 * {@link DateTimeKind}), exactly like `DateTime.Ticks`. BigInt keeps all 7 fractional digits exact. The same
 * value split as `seconds` + `fraction` is exact in JS numbers, so parsing and formatting need no BigInt.
 */
export interface Instant {
  readonly ticks: bigint;
  /** Whole seconds since 0001-01-01T00:00:00 (`ticks / 10^7`; below 2^39, so exact in a double). */
  readonly seconds: number;
  /** Sub-second part in ticks, 0..9_999_999 (`ticks % 10^7`). */
  readonly fraction: number;
  readonly kind: DateTimeKind;
}

/** Calendar fields of a tick count (proleptic Gregorian, like .NET). */
export interface DateTimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Sub-second part in ticks, 0..9_999_999. */
  readonly fraction: number;
  /** 0 = Sunday … 6 = Saturday (.NET `DayOfWeek`). */
  readonly dayOfWeek: number;
  /** 1..366. */
  readonly dayOfYear: number;
}

export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
/** `DateTime.MaxValue.Ticks` (9999-12-31T23:59:59.9999999). */
export const MAX_TICKS = 3_155_378_975_999_999_999n;
/** Ticks of 1970-01-01T00:00:00Z. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** Seconds of 1970-01-01T00:00:00Z. */
const UNIX_EPOCH_SECONDS = 62_135_596_800;
/** Seconds of 9999-12-31T23:59:59 (the last whole second of `DateTime.MaxValue`). */
const MAX_SECONDS = 315_537_897_599;
const SECONDS_PER_DAY = 86_400;

const DAYS_TO_MONTH_365 = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365] as const;
const DAYS_TO_MONTH_366 = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366] as const;

/** True for a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Number of days in `month` (1..12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  const table = isLeapYear(year) ? DAYS_TO_MONTH_366 : DAYS_TO_MONTH_365;
  return (table[month] ?? 0) - (table[month - 1] ?? 0);
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = year - 1;
  const table = isLeapYear(year) ? DAYS_TO_MONTH_366 : DAYS_TO_MONTH_365;
  return (
    y * 365 +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) +
    (table[month - 1] ?? 0) +
    day -
    1
  );
}

/** Whole seconds since 0001-01-01 of a calendar date and time; the caller validates the ranges of the fields. */
export function secondsFromFields(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  return daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

/**
 * Ticks of a calendar date and time; the caller validates the ranges of the fields.
 * @param fraction sub-second ticks (0..9_999_999)
 */
export function ticksFromFields(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fraction = 0,
): bigint {
  const ticks = BigInt(secondsFromFields(year, month, day, hour, minute, second)) * TICKS_PER_SECOND;
  return fraction === 0 ? ticks : ticks + BigInt(fraction);
}

/** Splits a tick count (0 … {@link MAX_TICKS}) into calendar fields (the .NET `GetDatePart` algorithm). */
export function fieldsOf(ticks: bigint): DateTimeFields {
  return calendarFields(Number(ticks / TICKS_PER_SECOND), Number(ticks % TICKS_PER_SECOND));
}

/**
 * The calendar fields of an instant, without BigInt arithmetic. The result may be shared with the previous
 * caller (one-entry memo): treat it as read-only, as its type says.
 */
export function instantFields(instant: Instant): DateTimeFields {
  return calendarFields(instant.seconds, instant.fraction);
}

/** The last split done by {@link calendarFields} (timestamps repeat a lot: utcNow() is formatted, then parsed). */
let lastSeconds = -1;
let lastFraction = -1;
let lastFields: DateTimeFields | undefined;

function calendarFields(totalSeconds: number, fraction: number): DateTimeFields {
  if (totalSeconds === lastSeconds && fraction === lastFraction && lastFields !== undefined)
    return lastFields;
  const dayNumber = Math.floor(totalSeconds / SECONDS_PER_DAY);
  const secondsOfDay = totalSeconds - dayNumber * SECONDS_PER_DAY;
  let n = dayNumber;
  const y400 = Math.floor(n / 146_097);
  n -= y400 * 146_097;
  const y100 = Math.min(Math.floor(n / 36_524), 3);
  n -= y100 * 36_524;
  const y4 = Math.floor(n / 1461);
  n -= y4 * 1461;
  const y1 = Math.min(Math.floor(n / 365), 3);
  n -= y1 * 365;
  const year = y400 * 400 + y100 * 100 + y4 * 4 + y1 + 1;
  const table = isLeapYear(year) ? DAYS_TO_MONTH_366 : DAYS_TO_MONTH_365;
  let month = 1;
  while (n >= (table[month] ?? 366)) month++;
  const fields: DateTimeFields = {
    year,
    month,
    day: n - (table[month - 1] ?? 0) + 1,
    hour: Math.floor(secondsOfDay / 3600),
    minute: Math.floor(secondsOfDay / 60) % 60,
    second: secondsOfDay % 60,
    fraction,
    dayOfWeek: (dayNumber + 1) % 7,
    dayOfYear: n + 1,
  };
  lastSeconds = totalSeconds;
  lastFraction = fraction;
  lastFields = fields;
  return fields;
}

function outOfRange(): FunctionError {
  return new FunctionError(
    ExprCode.OutOfRange,
    'the resulting timestamp is outside the supported range 0001-01-01T00:00:00 … 9999-12-31T23:59:59.9999999',
  );
}

/** An {@link Instant} held as seconds + fraction; the BigInt `ticks` are computed on first use. */
class SplitInstant implements Instant {
  #ticks: bigint | undefined;
  constructor(
    readonly seconds: number,
    readonly fraction: number,
    readonly kind: DateTimeKind,
    ticks?: bigint,
  ) {
    this.#ticks = ticks;
  }
  get ticks(): bigint {
    return (this.#ticks ??= BigInt(this.seconds) * TICKS_PER_SECOND + BigInt(this.fraction));
  }
}

/**
 * Makes an instant, checking the .NET `DateTime` range (0001-01-01 … 9999-12-31T23:59:59.9999999).
 * @throws FunctionError `expr/out-of-range`
 */
export function createInstant(ticks: bigint, kind: DateTimeKind): Instant {
  if (ticks < 0n || ticks > MAX_TICKS) throw outOfRange();
  return new SplitInstant(Number(ticks / TICKS_PER_SECOND), Number(ticks % TICKS_PER_SECOND), kind, ticks);
}

/**
 * Makes an instant from whole seconds since 0001-01-01 and sub-second ticks, without BigInt arithmetic; checks
 * the range like {@link createInstant}.
 * @param seconds an integer; @param fraction an integer in 0..9_999_999
 * @throws FunctionError `expr/out-of-range`
 */
export function createInstantFromSeconds(seconds: number, fraction: number, kind: DateTimeKind): Instant {
  if (!(seconds >= 0 && seconds <= MAX_SECONDS)) throw outOfRange();
  return new SplitInstant(seconds, fraction, kind);
}

let lastEpochMs = NaN;
let lastSubMsTicks = 0;
let lastEpochInstant: Instant | undefined;

/** The instant of a Unix epoch time in milliseconds (e.g. `FunctionContext.now()`), as a UTC instant. */
export function instantFromEpochMs(epochMs: number, subMsTicks = 0): Instant {
  // One-entry memo: within a run, utcNow() is read many times in the same millisecond.
  if (epochMs === lastEpochMs && subMsTicks === lastSubMsTicks && lastEpochInstant !== undefined)
    return lastEpochInstant;
  const ms = Math.trunc(epochMs);
  const s = Math.floor(ms / 1000);
  const instant = createInstantFromSeconds(
    UNIX_EPOCH_SECONDS + s,
    (ms - s * 1000) * 10_000 + subMsTicks,
    DateTimeKind.Utc,
  );
  lastEpochMs = epochMs;
  lastSubMsTicks = subMsTicks;
  lastEpochInstant = instant;
  return instant;
}

/**
 * Adds whole months like .NET `DateTime.AddMonths`: the day of month is clamped to the target month's length
 * (Jan 31 + 1 month = Feb 28/29) and the time of day is kept.
 * @throws FunctionError `expr/out-of-range`
 */
export function addMonths(instant: Instant, months: number): Instant {
  const f = instantFields(instant);
  const total = f.year * 12 + (f.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (year < 1 || year > 9999) return createInstant(-1n, instant.kind);
  const day = Math.min(f.day, daysInMonth(year, month));
  const timeOfDay = instant.ticks % TICKS_PER_DAY;
  return createInstant(ticksFromFields(year, month, day) + timeOfDay, instant.kind);
}

/**
 * ADF date and time expression functions (utcNow, addDays, formatDateTime, convertTimeZone, ticks, …) with
 * .NET-exact parsing, 100-ns precision and .NET date/time format strings, plus the timestamp helpers the engine
 * and triggers reuse.
 */
import type { FunctionDef } from '../function-def.js';
import { addDays, addHours, addMinutes, addSeconds, addToTime, subtractFromTime } from './add-functions.js';
import { getFutureTime, getPastTime, utcNow } from './current-time.js';
import { formatDateTime } from './format-date-time.js';
import { dayOfMonth, dayOfWeek, dayOfYear, startOfDay, startOfHour, startOfMonth } from './parts.js';
import { ticks } from './ticks.js';
import { convertFromUtc, convertTimeZone, convertToUtc } from './zone-functions.js';

/** Every ADF date/time function, for the evaluator's registry. */
export const datetimeFunctions: readonly FunctionDef[] = Object.freeze([
  addDays,
  addHours,
  addMinutes,
  addSeconds,
  addToTime,
  convertFromUtc,
  convertTimeZone,
  convertToUtc,
  dayOfMonth,
  dayOfWeek,
  dayOfYear,
  formatDateTime,
  getFutureTime,
  getPastTime,
  startOfDay,
  startOfHour,
  startOfMonth,
  subtractFromTime,
  ticks,
  utcNow,
]);

export { DateTimeKind, instantFromEpochMs, type DateTimeFields, type Instant, fieldsOf } from './instant.js';
export { parseTimestamp } from './timestamp-parse.js';
export { formatInstant, ROUND_TRIP_FORMAT } from './dotnet-format.js';
export { EN_US_CULTURE, INVARIANT_CULTURE, type DateTimeCulture } from './culture.js';
export { resolveTimeZone, zoneOffsetAt } from './time-zones.js';
export { TimeUnit, addTime, parseTimeUnit } from './time-units.js';
export { ticksValue } from './ticks.js';

import { EN_US_CULTURE, type DateTimeCulture } from './culture.js';
import { compilePattern, formatRoundTrip, runPattern, type FormatStep } from './format-pattern.js';
import { standardPattern } from './standard-formats.js';
import { DateTimeKind, createInstantFromSeconds, instantFields, type Instant } from './instant.js';

/** The default format of every ADF function that returns a timestamp: .NET round-trip `o`. */
export const ROUND_TRIP_FORMAT = 'o';

/** A format string made ready to run: its steps, and whether it shows UTC (r/R, u, U). */
interface CompiledFormat {
  readonly steps: readonly FormatStep[];
  readonly toUtc: boolean;
}

/** Distinct format strings kept compiled per culture; the cache starts over when full. */
const FORMAT_CACHE_SIZE = 1000;
const compiledFormats = new WeakMap<DateTimeCulture, Map<string, CompiledFormat>>();
/** The default culture's cache, without the WeakMap lookup. */
const enUsFormats = new Map<string, CompiledFormat>();

/** Compiles `fmt` once per culture (and DateTime vs DateTimeOffset, which only `U` tells apart). */
function compiledFormat(fmt: string, culture: DateTimeCulture, isOffset: boolean): CompiledFormat {
  let cache = culture === EN_US_CULTURE ? enUsFormats : compiledFormats.get(culture);
  if (cache === undefined) compiledFormats.set(culture, (cache = new Map<string, CompiledFormat>()));
  const key = isOffset ? `\u0000${fmt}` : fmt;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    const std = fmt.length === 1 ? standardPattern(fmt, culture, isOffset) : undefined;
    compiled = {
      steps: compilePattern(std?.pattern ?? fmt, culture, fmt),
      toUtc: std?.toUtc ?? false,
    };
    if (cache.size >= FORMAT_CACHE_SIZE) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

/** The last instant formatted with `o` (no offset) and its text. */
let lastRoundTrip: Instant | undefined;
let lastRoundTripText = '';

/**
 * Formats an instant like .NET `DateTime.ToString(format, culture)`, or like `DateTimeOffset.ToString` when
 * `offsetMinutes` is given (the instant is then read as UTC and shown at that offset; `K`/`zzz` print it).
 * Each format string is tokenized once per culture and cached.
 * @param format a standard specifier (one char) or custom pattern; omitted or empty ⇒ `o` (ADF default)
 * @param offsetMinutes offset east of UTC for DateTimeOffset formatting
 * @param culture naming/pattern data; en-US (ADF's documented output) by default
 * @throws FunctionError `expr/invalid-format` for a format .NET rejects
 * @example formatInstant(parseTimestamp('2018-03-15T13:00:00Z'), 'D') // 'Thursday, March 15, 2018'
 */
export function formatInstant(
  instant: Instant,
  format?: string,
  offsetMinutes?: number,
  culture: DateTimeCulture = EN_US_CULTURE,
): string {
  const fmt = format === undefined || format === '' ? ROUND_TRIP_FORMAT : format;
  let shown = instant;
  let kind = instant.kind;
  let offset: number | null = null;
  if (offsetMinutes !== undefined) {
    offset = Math.trunc(offsetMinutes);
    shown = createInstantFromSeconds(instant.seconds + offset * 60, instant.fraction, kind);
  }
  if (fmt === 'o' || fmt === 'O') {
    if (offset !== null) return formatRoundTrip(instantFields(shown), kind, offset);
    // utcNow() within one millisecond is the same Instant object: its text is built once.
    if (instant !== lastRoundTrip) {
      lastRoundTripText = formatRoundTrip(instantFields(instant), kind, null);
      lastRoundTrip = instant;
    }
    return lastRoundTripText;
  }
  const compiled = compiledFormat(fmt, culture, offset !== null);
  if (compiled.toUtc && offset !== null) {
    shown = instant;
    offset = 0;
  }
  if (compiled.toUtc && offset === null) kind = DateTimeKind.Utc; // host zone is UTC: ToUniversalTime keeps ticks
  return runPattern(compiled.steps, instantFields(shown), kind, offset, culture);
}

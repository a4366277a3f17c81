import { EN_US_CULTURE, type DateTimeCulture } from './culture.js';
import { invalidFormat, standardPattern } from './standard-formats.js';
import {
  DateTimeKind,
  TICKS_PER_MINUTE,
  createInstant,
  fieldsOf,
  type DateTimeFields,
  type Instant,
} from './instant.js';

/** The default format of every ADF function that returns a timestamp: .NET round-trip `o`. */
export const ROUND_TRIP_FORMAT = 'o';

const MAX_FRACTION_DIGITS = 7;

/** What is being formatted: a `DateTime` (offset null, zone from kind) or a `DateTimeOffset` (offset set). */
interface Target {
  readonly fields: DateTimeFields;
  readonly kind: DateTimeKind;
  /** Minutes east of UTC for a DateTimeOffset; null for a DateTime. */
  readonly offset: number | null;
}

/**
 * Formats an instant like .NET `DateTime.ToString(format, culture)`, or like `DateTimeOffset.ToString` when
 * `offsetMinutes` is given (the instant is then read as UTC and shown at that offset; `K`/`zzz` print it).
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
  let ticks = instant.ticks;
  let kind = instant.kind;
  let offset: number | null = null;
  if (offsetMinutes !== undefined) {
    offset = Math.trunc(offsetMinutes);
    ticks = createInstant(ticks + BigInt(offset) * TICKS_PER_MINUTE, kind).ticks;
  }
  let pattern = fmt;
  if (fmt.length === 1) {
    const std = standardPattern(fmt, culture, offset !== null);
    pattern = std.pattern;
    if (std.toUtc && offset !== null) {
      ticks = instant.ticks;
      offset = 0;
    }
    if (std.toUtc && offset === null) kind = DateTimeKind.Utc; // host zone is UTC: ToUniversalTime keeps ticks
  }
  const target: Target = { fields: fieldsOf(ticks), kind, offset };
  return formatCustom(target, pattern, culture, fmt);
}

function pad(value: number, digits: number): string {
  return String(value).padStart(digits, '0');
}

function repeatCount(format: string, i: number): number {
  const ch = format[i];
  let n = 1;
  while (format[i + n] === ch) n++;
  return n;
}

/** The offset shown by `z`/`K` for a DateTime: UTC and the (UTC) host zone are +00:00. */
function zoneOffset(t: Target): number {
  return t.offset ?? 0;
}

function formatOffset(minutes: number, tokenLen: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  if (tokenLen <= 1) return `${sign}${h}`;
  if (tokenLen === 2) return `${sign}${pad(h, 2)}`;
  return `${sign}${pad(h, 2)}:${pad(abs % 60, 2)}`;
}

function roundTripZone(t: Target): string {
  if (t.offset !== null) return formatOffset(t.offset, 3);
  if (t.kind === DateTimeKind.Utc) return 'Z';
  if (t.kind === DateTimeKind.Local) return formatOffset(0, 3);
  return '';
}

function fractionText(fraction: number, tokenLen: number, trim: boolean): string {
  let value = Math.floor(fraction / 10 ** (MAX_FRACTION_DIGITS - tokenLen));
  if (!trim) return pad(value, tokenLen);
  let digits = tokenLen;
  while (digits > 0 && value % 10 === 0) {
    value /= 10;
    digits--;
  }
  return digits > 0 ? pad(value, digits) : '';
}

/** Reads a quoted literal starting at `i`; returns the text and the number of format chars consumed. */
function readQuoted(format: string, i: number, whole: string): { text: string; length: number } {
  const quote = format[i];
  let text = '';
  let j = i + 1;
  while (j < format.length) {
    const ch = format[j] ?? '';
    if (ch === quote) return { text, length: j - i + 1 };
    if (ch === '\\') {
      j++;
      if (j >= format.length) throw invalidFormat(whole, 'a backslash ends the format');
      text += format[j] ?? '';
    } else {
      text += ch;
    }
    j++;
  }
  throw invalidFormat(whole, `no closing ${quote} quote`);
}

/** Formats a custom pattern, appending to `out` (so `F` can drop a '.' already written, as .NET does). */
function formatCustom(t: Target, format: string, c: DateTimeCulture, whole: string, out = ''): string {
  const f = t.fields;
  let i = 0;
  while (i < format.length) {
    const ch = format[i] ?? '';
    let len = 1;
    switch (ch) {
      case 'g':
        len = repeatCount(format, i);
        out += c.eraName;
        break;
      case 'h':
        len = repeatCount(format, i);
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, Math.min(len, 2));
        break;
      case 'H':
        len = repeatCount(format, i);
        out += pad(f.hour, Math.min(len, 2));
        break;
      case 'm':
        len = repeatCount(format, i);
        out += pad(f.minute, Math.min(len, 2));
        break;
      case 's':
        len = repeatCount(format, i);
        out += pad(f.second, Math.min(len, 2));
        break;
      case 'f':
      case 'F': {
        len = repeatCount(format, i);
        if (len > MAX_FRACTION_DIGITS) throw invalidFormat(whole, `more than 7 '${ch}' characters`);
        const text = fractionText(f.fraction, len, ch === 'F');
        if (text === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += text;
        break;
      }
      case 't': {
        len = repeatCount(format, i);
        const designator = f.hour < 12 ? c.amDesignator : c.pmDesignator;
        out += len === 1 ? designator.slice(0, 1) : designator;
        break;
      }
      case 'd':
        len = repeatCount(format, i);
        if (len <= 2) out += pad(f.day, len);
        else out += (len === 3 ? c.abbreviatedDayNames : c.dayNames)[f.dayOfWeek] ?? '';
        break;
      case 'M':
        len = repeatCount(format, i);
        if (len <= 2) out += pad(f.month, len);
        else out += (len === 3 ? c.abbreviatedMonthNames : c.monthNames)[f.month - 1] ?? '';
        break;
      case 'y':
        len = repeatCount(format, i);
        out += len <= 2 ? pad(f.year % 100, len) : pad(f.year, len);
        break;
      case 'z':
        len = repeatCount(format, i);
        out += formatOffset(zoneOffset(t), len);
        break;
      case 'K':
        out += roundTripZone(t);
        break;
      case ':':
        out += c.timeSeparator;
        break;
      case '/':
        out += c.dateSeparator;
        break;
      case "'":
      case '"': {
        const quoted = readQuoted(format, i, whole);
        out += quoted.text;
        len = quoted.length;
        break;
      }
      case '%': {
        const next = format[i + 1];
        if (next === undefined || next === '%')
          throw invalidFormat(whole, "'%' must be followed by one specifier");
        out = formatCustom(t, next, c, whole, out);
        len = 2;
        break;
      }
      case '\\': {
        const next = format[i + 1];
        if (next === undefined) throw invalidFormat(whole, 'a backslash ends the format');
        out += next;
        len = 2;
        break;
      }
      default:
        out += ch;
    }
    i += len;
  }
  return out;
}

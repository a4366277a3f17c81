import type { DateTimeCulture } from './culture.js';
import { DateTimeKind, type DateTimeFields } from './instant.js';
import { invalidFormat } from './standard-formats.js';

const MAX_FRACTION_DIGITS = 7;

/** A field specifier of a custom pattern: its character and how many times it repeats (`MMM` → M, 3). */
interface FieldStep {
  readonly spec: string;
  readonly len: number;
}

/** One step of a compiled pattern: literal text, or a field to print. */
export type FormatStep = string | FieldStep;

/**
 * Compiles a .NET custom date/time pattern for `culture` into steps (literals merged), so a format string is
 * tokenized once rather than at every call. Quotes, `\` escapes, `%x` and the culture's `:` and `/` become
 * literal text.
 * @param whole the format as the user wrote it, for error messages
 * @throws FunctionError `expr/invalid-format` for a pattern .NET rejects
 */
export function compilePattern(pattern: string, c: DateTimeCulture, whole: string): readonly FormatStep[] {
  const steps: FormatStep[] = [];
  const literal = (text: string): void => {
    const last = steps.length - 1;
    if (typeof steps[last] === 'string') steps[last] += text;
    else steps.push(text);
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] ?? '';
    let len = 1;
    switch (ch) {
      case 'g':
      case 'h':
      case 'H':
      case 'm':
      case 's':
      case 't':
      case 'd':
      case 'M':
      case 'y':
      case 'z':
      case 'f':
      case 'F':
        len = repeatCount(pattern, i);
        if ((ch === 'f' || ch === 'F') && len > MAX_FRACTION_DIGITS)
          throw invalidFormat(whole, `more than 7 '${ch}' characters`);
        steps.push({ spec: ch, len });
        break;
      case 'K':
        steps.push({ spec: ch, len });
        break;
      case ':':
        literal(c.timeSeparator);
        break;
      case '/':
        literal(c.dateSeparator);
        break;
      case "'":
      case '"': {
        const quoted = readQuoted(pattern, i, whole);
        literal(quoted.text);
        len = quoted.length;
        break;
      }
      case '%': {
        const next = pattern[i + 1];
        if (next === undefined || next === '%')
          throw invalidFormat(whole, "'%' must be followed by one specifier");
        for (const step of compilePattern(next, c, whole))
          if (typeof step === 'string') literal(step);
          else steps.push(step);
        len = 2;
        break;
      }
      case '\\': {
        const next = pattern[i + 1];
        if (next === undefined) throw invalidFormat(whole, 'a backslash ends the format');
        literal(next);
        len = 2;
        break;
      }
      default:
        literal(ch);
    }
    i += len;
  }
  return steps;
}

/**
 * Runs compiled steps like .NET `DateTime.ToString(pattern, culture)` for a `DateTime` (`offset` null, zone
 * from `kind`), or like `DateTimeOffset.ToString` (`offset` in minutes east of UTC).
 */
export function runPattern(
  steps: readonly FormatStep[],
  f: DateTimeFields,
  kind: DateTimeKind,
  offset: number | null,
  c: DateTimeCulture,
): string {
  let out = '';
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (typeof step === 'string') {
      out += step;
      continue;
    }
    const len = step.len;
    switch (step.spec) {
      case 'g':
        out += c.eraName;
        break;
      case 'h':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, len);
        break;
      case 'H':
        out += pad(f.hour, len);
        break;
      case 'm':
        out += pad(f.minute, len);
        break;
      case 's':
        out += pad(f.second, len);
        break;
      case 'f':
      case 'F': {
        const text = fractionText(f.fraction, len, step.spec === 'F');
        // .NET drops a '.' written just before an `F` group that prints nothing.
        if (text === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += text;
        break;
      }
      case 't': {
        const designator = f.hour < 12 ? c.amDesignator : c.pmDesignator;
        out += len === 1 ? designator.slice(0, 1) : designator;
        break;
      }
      case 'd':
        out +=
          len <= 2 ? pad(f.day, len) : ((len === 3 ? c.abbreviatedDayNames : c.dayNames)[f.dayOfWeek] ?? '');
        break;
      case 'M':
        out +=
          len <= 2
            ? pad(f.month, len)
            : ((len === 3 ? c.abbreviatedMonthNames : c.monthNames)[f.month - 1] ?? '');
        break;
      case 'y':
        out += len <= 2 ? pad(f.year % 100, len) : padWide(f.year, len);
        break;
      case 'z':
        out += formatOffset(offset ?? 0, len); // a DateTime's zone is UTC or the (UTC) host zone
        break;
      case 'K':
        out += roundTripZone(kind, offset);
        break;
    }
  }
  return out;
}

/**
 * The round-trip pattern `o` (`yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK`, culture-free) without going through
 * steps: it is the default format of every ADF timestamp function, so it is the hot one.
 */
export function formatRoundTrip(f: DateTimeFields, kind: DateTimeKind, offset: number | null): string {
  return `${padWide(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}.${padWide(f.fraction, 7)}${roundTripZone(kind, offset)}`;
}

/** `value` with at least one (len 1) or two (len ≥ 2) digits: h, H, m, s, d, M, yy take at most two. */
function pad(value: number, len: number): string {
  return len === 1 || value >= 10 ? String(value) : `0${value}`;
}

const ZEROS = '0000000000';

/** `value` left-padded with zeros to `digits` (yyyy…, fffffff). */
function padWide(value: number, digits: number): string {
  const text = String(value);
  if (text.length >= digits) return text;
  return digits - text.length <= ZEROS.length
    ? ZEROS.slice(0, digits - text.length) + text
    : text.padStart(digits, '0');
}

function repeatCount(format: string, i: number): number {
  const ch = format[i];
  let n = 1;
  while (format[i + n] === ch) n++;
  return n;
}

function formatOffset(minutes: number, tokenLen: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  if (tokenLen <= 1) return `${sign}${h}`;
  if (tokenLen === 2) return `${sign}${pad(h, 2)}`;
  return `${sign}${pad(h, 2)}:${pad(abs % 60, 2)}`;
}

function roundTripZone(kind: DateTimeKind, offset: number | null): string {
  if (offset !== null) return formatOffset(offset, 3);
  if (kind === DateTimeKind.Utc) return 'Z';
  if (kind === DateTimeKind.Local) return formatOffset(0, 3);
  return '';
}

function fractionText(fraction: number, tokenLen: number, trim: boolean): string {
  let value = Math.floor(fraction / 10 ** (MAX_FRACTION_DIGITS - tokenLen));
  if (!trim) return padWide(value, tokenLen);
  let digits = tokenLen;
  while (digits > 0 && value % 10 === 0) {
    value /= 10;
    digits--;
  }
  return digits > 0 ? padWide(value, digits) : '';
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

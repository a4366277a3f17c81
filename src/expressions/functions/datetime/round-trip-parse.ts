import {
  DateTimeKind,
  createInstantFromSeconds,
  daysInMonth,
  secondsFromFields,
  type Instant,
} from './instant.js';

const C_0 = 48;
const C_MINUS = 45;
const C_COLON = 58;
const C_DOT = 46;
const C_T = 84;
const C_Z = 90;

/** Fraction digit counts 1..7 scaled to ticks (`.5` → 5_000_000). */
const FRACTION_SCALE = [1, 1_000_000, 100_000, 10_000, 1000, 100, 10, 1] as const;

/** The number of two ASCII digits at `i`, or -1. The caller checks that `i + 1` is inside the text. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - C_0;
  const b = s.charCodeAt(i + 1) - C_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Fast path of `parseTimestamp` for the canonical shape that utcNow(), addDays()… print and pipelines pass
 * around: `yyyy-MM-ddTHH:mm:ss`, optional `.` + 1–7 fraction digits, optional `Z`. A character scan with no
 * regex and no string slicing. Returns undefined for anything else (other layouts, offsets, out-of-range
 * fields), and the general parser then decides, with its error messages; for every text accepted here
 * both give the same instant.
 */
export function parseRoundTrip(s: string): Instant | undefined {
  const n = s.length;
  if (
    n < 19 ||
    s.charCodeAt(4) !== C_MINUS ||
    s.charCodeAt(7) !== C_MINUS ||
    s.charCodeAt(10) !== C_T ||
    s.charCodeAt(13) !== C_COLON ||
    s.charCodeAt(16) !== C_COLON
  )
    return undefined;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (
    century < 0 ||
    yy < 0 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return undefined;
  const year = century * 100 + yy;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let i = 19;
  let fraction = 0;
  if (i < n && s.charCodeAt(i) === C_DOT) {
    const from = ++i;
    while (i < n && i - from < 8) {
      const d = s.charCodeAt(i) - C_0;
      if (d < 0 || d > 9) break;
      fraction = fraction * 10 + d;
      i++;
    }
    const digits = i - from;
    if (digits === 0 || digits > 7) return undefined; // more than 7 digits round: the general parser does it
    fraction *= FRACTION_SCALE[digits]!;
  }
  let kind: DateTimeKind = DateTimeKind.Unspecified;
  if (i < n) {
    if (i + 1 !== n || s.charCodeAt(i) !== C_Z) return undefined;
    kind = DateTimeKind.Utc;
  }
  return createInstantFromSeconds(secondsFromFields(year, month, day, hour, minute, second), fraction, kind);
}

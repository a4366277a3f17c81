import { ExprCode } from '../../expression-codes.js';
import { parseRoundTrip } from './round-trip-parse.js';
import { FunctionError } from '../function-def.js';
import { EN_US_CULTURE } from './culture.js';
import {
  DateTimeKind,
  TICKS_PER_MINUTE,
  createInstant,
  daysInMonth,
  fieldsOf,
  ticksFromFields,
  type Instant,
} from './instant.js';

const WORD = String.raw`[A-Za-z]+`;
/** Date layouts accepted by .NET `DateTime.Parse` with en-US/invariant month-day order that ADF users write. */
const DATE_LAYOUTS = [
  String.raw`(?<y>\d{4})-(?<mo>\d{1,2})-(?<d>\d{1,2})`,
  String.raw`(?<y>\d{4})(?<sep>[/.])(?<mo>\d{1,2})\k<sep>(?<d>\d{1,2})`,
  String.raw`(?<mo>\d{1,2})(?<sep>[/.-])(?<d>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})`,
  String.raw`(?:(?<wd>${WORD}),?\s+)?(?<d>\d{1,2})[\s-]+(?<mn>${WORD})\.?,?[\s-]+(?<y>\d{4})`,
  String.raw`(?:(?<wd>${WORD}),?\s+)?(?<mn>${WORD})\.?\s+(?<d>\d{1,2}),?\s+(?<y>\d{4})`,
] as const;
const TIME = String.raw`(?:(?:T|\s+)(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<fr>\d+))?)?(?:\s*(?<ampm>[AP]M))?)?`;
const ZONE = String.raw`\s*(?<zone>Z|GMT|UTC|[+-]\d{1,2}(?::?\d{2})?)?`;
const PATTERNS = DATE_LAYOUTS.map((date) => new RegExp(`^${date}${TIME}${ZONE}$`, 'i'));

const EXPECTED =
  "expected e.g. '2018-03-15T13:00:00Z', '2018-03-15T13:00:00.1234567+02:00', '2018-03-15', '2018-03-15 13:00:00' or '03/15/2018 13:00:00'";

function invalid(text: string, why?: string): FunctionError {
  const reason = why === undefined ? '' : `: ${why}`;
  return new FunctionError(
    ExprCode.InvalidTimestamp,
    `'${text}' is not a valid timestamp${reason} (${EXPECTED})`,
  );
}

function nameIndex(names: readonly string[], word: string): number {
  const w = word.toLowerCase();
  return names.findIndex((n) => n.toLowerCase() === w);
}

function monthFromName(word: string): number {
  const c = EN_US_CULTURE;
  const i = nameIndex(c.monthNames, word);
  if (i >= 0) return i + 1;
  const j = nameIndex(c.abbreviatedMonthNames, word === 'Sept' || word === 'sept' ? 'Sep' : word);
  return j >= 0 ? j + 1 : -1;
}

function dayOfWeekFromName(word: string): number {
  const c = EN_US_CULTURE;
  const i = nameIndex(c.dayNames, word);
  return i >= 0 ? i : nameIndex(c.abbreviatedDayNames, word);
}

/** .NET rounds fraction digits beyond the 7th to the nearest tick (ties to even). */
function fractionTicks(digits: string): number {
  const head = Number(digits.slice(0, 7).padEnd(7, '0'));
  const rest = digits.slice(7);
  if (rest === '' || /^0*$/.test(rest)) return head;
  const first = rest[0] ?? '0';
  if (first > '5' || (first === '5' && !/^50*$/.test(rest))) return head + 1;
  if (first === '5') return head % 2 === 0 ? head : head + 1;
  return head;
}

/** Offset in minutes east of UTC for `+hh`, `+hhmm`, `+hh:mm`. */
function offsetMinutes(text: string, zone: string): number {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (m === null) throw invalid(text);
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) throw invalid(text, `offset ${zone} is out of range`);
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function expandYear(y: string): number {
  if (y.length > 2) return Number(y);
  const yy = Number(y);
  return yy <= 29 ? 2000 + yy : 1900 + yy; // .NET Gregorian TwoDigitYearMax = 2029
}

function hour24(text: string, hour: number, ampm: string | undefined): number {
  if (ampm === undefined) {
    if (hour > 23) throw invalid(text, `hour ${hour} is out of range`);
    return hour;
  }
  if (hour > 12) throw invalid(text, `hour ${hour} is out of range for ${ampm.toUpperCase()}`);
  const pm = ampm.toUpperCase() === 'PM';
  return (hour % 12) + (pm ? 12 : 0);
}

/**
 * Parses an ADF timestamp string like .NET `DateTime.Parse(text, InvariantCulture, RoundtripKind)`:
 * ISO 8601 (`T` or space, 0–7+ fraction digits), `MM/dd/yyyy [h:mm[:ss] [AM|PM]]`, `yyyy/MM/dd`, and English
 * month names (`15 March 2018`, `Thu, 15 Mar 2018 13:00:00 GMT`, `Thursday, March 15, 2018`).
 * - `Z`/`GMT` ⇒ kind `utc`; no designator ⇒ `unspecified`;
 * - an offset ⇒ converted to UTC and kind `local` (ADF's host zone is UTC).
 * @throws FunctionError `expr/invalid-timestamp` (bad text or field out of range), `expr/out-of-range`
 */
export function parseTimestamp(text: string): Instant {
  if (text === lastText && lastInstant !== undefined) return lastInstant;
  const instant = parseRoundTrip(text) ?? parseGeneral(text);
  lastText = text;
  lastInstant = instant;
  return instant;
}

/** The last text parsed (or formatted with `o`) and its instant: see {@link rememberTimestamp}. */
let lastText = '';
let lastInstant: Instant | undefined;

/**
 * Tells the parser that `text` reads back as `instant`: the caller formatted it with the round-trip format `o`
 * (which parses back to the same ticks and kind). The usual `formatDateTime(utcNow(), …)`,
 * `addDays(utcNow(), 1)` then parse the inner result without scanning it.
 */
export function rememberTimestamp(text: string, instant: Instant): void {
  lastText = text;
  lastInstant = instant;
}

function parseGeneral(text: string): Instant {
  const s = text.trim();
  let g: Record<string, string | undefined> | undefined;
  for (let i = 0; i < PATTERNS.length && g === undefined; i++) g = PATTERNS[i]!.exec(s)?.groups;
  if (g === undefined) throw invalid(text);
  const year = expandYear(g.y ?? '');
  const month = g.mn === undefined ? Number(g.mo) : monthFromName(g.mn);
  const day = Number(g.d);
  if (month < 1 || month > 12)
    throw invalid(text, g.mn === undefined ? `month ${month} is out of range` : `unknown month '${g.mn}'`);
  if (year < 1 || day < 1 || day > daysInMonth(year, month))
    throw invalid(text, `day ${day} is out of range`);
  const hour = g.h === undefined ? 0 : hour24(text, Number(g.h), g.ampm);
  const minute = Number(g.mi ?? '0');
  const second = Number(g.s ?? '0');
  if (minute > 59 || second > 59) throw invalid(text, 'minute or second is out of range');
  const ticks = ticksFromFields(year, month, day, hour, minute, second, fractionTicks(g.fr ?? ''));
  if (g.wd !== undefined) {
    const wd = dayOfWeekFromName(g.wd);
    if (wd < 0) throw invalid(text, `unknown day name '${g.wd}'`);
    if (wd !== fieldsOf(ticks).dayOfWeek) throw invalid(text, `'${g.wd}' does not match the date`);
  }
  const zone = g.zone?.toUpperCase();
  if (zone === undefined) return createInstant(ticks, DateTimeKind.Unspecified);
  if (zone === 'Z' || zone === 'GMT' || zone === 'UTC') return createInstant(ticks, DateTimeKind.Utc);
  return createInstant(ticks - BigInt(offsetMinutes(text, zone)) * TICKS_PER_MINUTE, DateTimeKind.Local);
}

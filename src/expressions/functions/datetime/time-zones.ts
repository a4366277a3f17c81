import { ExprCode } from '../../expression-codes.js';
import { createRequire } from 'node:module';
import type * as Luxon from 'luxon';
import type * as WindowsIana from 'windows-iana';
import { FunctionError } from '../function-def.js';
import {
  DateTimeKind,
  TICKS_PER_MILLISECOND,
  UNIX_EPOCH_TICKS,
  createInstant,
  type Instant,
} from './instant.js';

/** Windows IDs and IANA names .NET `FindSystemTimeZoneById` maps to its UTC singleton (`DateTimeKind.Utc`). */
const UTC_NAMES = new Set([
  'utc',
  'etc/utc',
  'etc/universal',
  'universal',
  'etc/zulu',
  'zulu',
  'etc/uct',
  'uct',
]);
const MS_PER_DAY = 86_400_000;
/**
 * tzdb names without a slash. ICU also accepts abbreviations such as `PST` or `IST` (ambiguous, and not IANA
 * names), so other slash-less names are refused.
 */
const IANA_WITHOUT_SLASH = new Set(
  [
    'CET',
    'CST6CDT',
    'EET',
    'EST',
    'EST5EDT',
    'GMT',
    'HST',
    'MET',
    'MST',
    'MST7MDT',
    'PST8PDT',
    'UTC',
    'UCT',
    'WET',
  ]
    .concat(['Zulu', 'Universal', 'Greenwich'])
    .map((n) => n.toLowerCase()),
);

/** Windows ID with punctuation and case removed (Microsoft: "you might have to remove any punctuation"). */
function normalizeWindowsName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9+-]/g, '');
}

// luxon and windows-iana (a large table) load on the first time-zone conversion: most expressions never
// need them, and a CLI that loads them on every start pays for it on every call.
const load = createRequire(import.meta.url);
let ianaZoneClass: typeof Luxon.IANAZone | undefined;
let windowsZones: ReadonlyMap<string, { windowsName: string; iana: string }> | undefined;

function ianaZone(): typeof Luxon.IANAZone {
  return (ianaZoneClass ??= (load('luxon') as typeof Luxon).IANAZone);
}

function windowsZoneTable(): ReadonlyMap<string, { windowsName: string; iana: string }> {
  return (windowsZones ??= new Map(
    (load('windows-iana') as typeof WindowsIana).WINDOWS_TO_IANA_MAP.filter((e) => e.territory === '001').map(
      (e) => [
        normalizeWindowsName(e.windowsName),
        { windowsName: e.windowsName, iana: e.iana[0] ?? 'Etc/UTC' },
      ],
    ),
  ));
}

function unknownZone(name: string): FunctionError {
  const words = name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 4 && w !== 'standard' && w !== 'time');
  const close = [...windowsZoneTable().values()]
    .map((z) => z.windowsName)
    .filter((w) => words.some((word) => w.toLowerCase().includes(word.slice(0, 4))))
    .slice(0, 5);
  const hint = close.length > 0 ? ` Did you mean: ${close.map((c) => `'${c}'`).join(', ')}?` : '';
  return new FunctionError(
    ExprCode.UnknownTimeZone,
    `unknown time zone '${name}'. Use a Windows time zone ID (run 'tzutil /l' on Windows or see Microsoft's "Default Time Zones" list; e.g. 'UTC', 'Pacific Standard Time', 'W. Europe Standard Time', 'India Standard Time') or an IANA name (e.g. 'Europe/Berlin').${hint}`,
  );
}

/**
 * Resolves a time-zone name to an IANA zone: a Windows ID (as ADF takes them, case and punctuation
 * insensitive; mapped with CLDR `windowsZones` through `windows-iana`) or an IANA name.
 * @throws FunctionError `expr/unknown-time-zone`, with how to find valid names
 * @example resolveTimeZone('W. Europe Standard Time') // 'Europe/Berlin'
 */
export function resolveTimeZone(name: string): string {
  const windows = windowsZoneTable().get(normalizeWindowsName(name));
  if (windows !== undefined && name.trim() !== '') return windows.iana;
  const ianaLike = name.includes('/') || IANA_WITHOUT_SLASH.has(name.toLowerCase());
  if (ianaLike && ianaZone().isValidZone(name)) return name;
  throw unknownZone(name);
}

/** True when .NET would treat the named zone as UTC itself (results get `DateTimeKind.Utc`, printed `Z`). */
export function isUtcZoneName(name: string): boolean {
  return UTC_NAMES.has(name.trim().toLowerCase());
}

function epochMs(ticks: bigint): number {
  const delta = ticks - UNIX_EPOCH_TICKS;
  const ms = delta / TICKS_PER_MILLISECOND;
  return Number(delta < 0n && delta % TICKS_PER_MILLISECOND !== 0n ? ms - 1n : ms);
}

function offsetTicks(offsetMinutes: number): bigint {
  return BigInt(Math.round(offsetMinutes * 60_000)) * TICKS_PER_MILLISECOND;
}

/** The zone's offset from UTC, in minutes, at a UTC tick count. */
export function zoneOffsetAt(iana: string, utcTicks: bigint): number {
  return ianaZone().create(iana).offset(epochMs(utcTicks));
}

/** Wall-clock ticks in `iana` for a UTC tick count. */
export function utcToZoneTicks(utcTicks: bigint, iana: string): bigint {
  return utcTicks + offsetTicks(zoneOffsetAt(iana, utcTicks));
}

/**
 * UTC ticks of a wall-clock reading in `iana`, like .NET `TimeZoneInfo.ConvertTimeToUtc`: an ambiguous reading
 * (clocks set back) is taken as standard time; a skipped reading (clocks set forward) is an error.
 * @throws FunctionError `expr/invalid-timestamp` for a skipped local time
 */
export function zoneToUtcTicks(wallTicks: bigint, iana: string, zoneLabel: string): bigint {
  const zone = ianaZone().create(iana);
  const wallMs = epochMs(wallTicks);
  const candidates = new Set([
    zone.offset(wallMs - MS_PER_DAY),
    zone.offset(wallMs),
    zone.offset(wallMs + MS_PER_DAY),
  ]);
  const valid = [...candidates].filter((o) => zone.offset(wallMs - Math.round(o * 60_000)) === o);
  if (valid.length === 0) {
    throw new FunctionError(
      ExprCode.InvalidTimestamp,
      `the local time does not exist in time zone '${zoneLabel}' (it falls in the gap of a daylight-saving change)`,
    );
  }
  return wallTicks - offsetTicks(Math.min(...valid));
}

/**
 * Converts an instant from one zone to another with the rules of .NET `TimeZoneInfo.ConvertTime(dt, src, dst)`:
 * an `unspecified` reading is read in `source`; a `utc`/`local` (offset) reading must have a UTC source, or
 * .NET throws. The result is `utc` when the destination is UTC, else `unspecified` (no zone printed by `o`).
 * @param source zone name (Windows or IANA); `null` means "the instant is UTC" (convertFromUtc)
 * @throws FunctionError `expr/unknown-time-zone`, `expr/timestamp-kind-mismatch`, `expr/invalid-timestamp`
 */
export function convertBetweenZones(instant: Instant, source: string | null, destination: string): Instant {
  const destIana = resolveTimeZone(destination);
  let utcTicks = instant.ticks;
  if (source !== null) {
    const sourceIana = resolveTimeZone(source);
    if (!isUtcZoneName(source)) {
      if (instant.kind !== DateTimeKind.Unspecified) {
        throw new FunctionError(
          ExprCode.TimestampKindMismatch,
          `the timestamp already carries a UTC designator or offset, so it cannot be read as a local time in '${source}' (.NET TimeZoneInfo rule). Drop the 'Z'/offset (e.g. formatDateTime(ts, 'yyyy-MM-ddTHH:mm:ss.fffffff')) or use source time zone 'UTC' / convertFromUtc`,
        );
      }
      utcTicks = zoneToUtcTicks(instant.ticks, sourceIana, source);
    }
  }
  if (isUtcZoneName(destination)) return createInstant(utcTicks, DateTimeKind.Utc);
  return createInstant(utcToZoneTicks(utcTicks, destIana), DateTimeKind.Unspecified);
}

import { DateTime, IANAZone } from 'luxon';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { ConfigError } from '../errors/index.js';

/**
 * Time-zone names of trigger recurrences. ADF takes Windows IDs (`Pacific Standard Time`); Millrace also
 * takes IANA names. This mirrors `resolveTimeZone` of the expression functions (same CLDR `windowsZones`
 * table, same normalisation): triggers/ may not import expressions/ (STYLE.md §3).
 */
function normalizeWindowsName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9+-]/g, '');
}

const WINDOWS_ZONES: ReadonlyMap<string, string> = new Map(
  WINDOWS_TO_IANA_MAP.filter((e) => e.territory === '001').map((e) => [
    normalizeWindowsName(e.windowsName),
    e.iana[0] ?? 'Etc/UTC',
  ]),
);

/**
 * Resolves a Windows time-zone ID or an IANA name to an IANA zone; empty or absent means UTC.
 * @throws ConfigError `trigger/unknown-time-zone`
 * @example resolveTriggerZone('W. Europe Standard Time') // 'Europe/Berlin'
 */
export function resolveTriggerZone(name: string | undefined): string {
  if (name === undefined || name.trim() === '') return 'UTC';
  const windows = WINDOWS_ZONES.get(normalizeWindowsName(name));
  if (windows !== undefined) return windows;
  if (IANAZone.isValidZone(name)) return name;
  throw new ConfigError({
    code: 'trigger/unknown-time-zone',
    message: `unknown time zone "${name}"`,
    hint: "use a Windows time zone ID (e.g. 'Pacific Standard Time', 'W. Europe Standard Time') or an IANA name (e.g. 'Europe/Berlin')",
  });
}

/**
 * Parses a trigger start/end time: an ISO timestamp with `Z` or an offset is absolute; one without (ADF's
 * form for non-UTC zones) is a wall-clock reading in `zone`.
 * @throws ConfigError `trigger/invalid-time`
 */
export function parseTriggerTime(text: string, zone: string, what: string): number {
  const dt = DateTime.fromISO(text.trim(), { zone, setZone: false });
  if (!dt.isValid) {
    throw new ConfigError({
      code: 'trigger/invalid-time',
      message: `${what}: "${text}" is not an ISO 8601 date-time`,
      hint: 'write e.g. 2024-01-01T00:00:00Z (UTC) or 2024-01-01T00:00:00 (in the trigger time zone)',
    });
  }
  return dt.toMillis();
}

/** ADF writes trigger times as UTC ISO 8601 with seven fractional digits. */
export function triggerTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}0000Z`;
}

import { MillraceError } from '../errors/index.js';

const TIMESPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):([0-5]?\d|60):([0-5]?\d|60)(?:\.(\d+))?$/;

/** Seven days: ADF's activity timeout when the policy has none (https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities#activity-policy). */
export const DEFAULT_ACTIVITY_TIMEOUT_MS = 7 * 24 * 3600 * 1000;

/**
 * Parses an ADF TimeSpan (`d.hh:mm:ss`, `hh:mm:ss`, optional `.fff`) into milliseconds. Throws
 * `engine/invalid-timespan` naming the property and the allowed forms.
 */
export function parseTimeSpan(text: string, what: string): number {
  const m = TIMESPAN.exec(text.trim());
  if (!m) {
    throw new MillraceError({
      code: 'engine/invalid-timespan',
      message: `${what}: "${text}" is not a TimeSpan (expected d.hh:mm:ss or hh:mm:ss)`,
    });
  }
  const [, neg, d, h, mi, s, frac] = m;
  const ms =
    ((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(mi)) * 60_000 +
    Number(s) * 1000 +
    (frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  return neg ? -ms : ms;
}

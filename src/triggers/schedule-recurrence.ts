import { DateTime } from 'luxon';
import type { JsonObject, JsonValue } from '../model/index.js';
import { invalid, isObject, optInt, optIntList, optStr, str } from './trigger-json.js';
import { parseTriggerTime, resolveTriggerZone } from './time-zone.js';

/** `recurrence.frequency` of a ScheduleTrigger. */
export const ScheduleFrequency = {
  Minute: 'Minute',
  Hour: 'Hour',
  Day: 'Day',
  Week: 'Week',
  Month: 'Month',
} as const;
export type ScheduleFrequency = (typeof ScheduleFrequency)[keyof typeof ScheduleFrequency];

/** `{day, occurrence}`: `day` is an ISO weekday (1 = Monday … 7 = Sunday); occurrence 1..5, or -1 = last. */
export interface MonthlyOccurrence {
  readonly day: number;
  readonly occurrence: number;
}

/** `recurrence.schedule`; weekdays are ISO weekdays (1 = Monday … 7 = Sunday). */
export interface RecurrenceSchedule {
  readonly minutes?: readonly number[];
  readonly hours?: readonly number[];
  readonly weekDays?: readonly number[];
  readonly monthDays?: readonly number[];
  readonly monthlyOccurrences?: readonly MonthlyOccurrence[];
}

/** A ScheduleTrigger recurrence with times resolved: instants are epoch ms, `timeZone` is an IANA name. */
export interface ScheduleRecurrence {
  readonly frequency: ScheduleFrequency;
  readonly interval: number;
  readonly startTime: number;
  /** Exclusive: no occurrence at or after it. */
  readonly endTime?: number;
  readonly timeZone: string;
  readonly schedule?: RecurrenceSchedule;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Periods scanned per call before giving up (a schedule that matches nothing, e.g. monthDays [31] every 12 months from April). */
const MAX_PERIODS = 20_000;

function weekday(v: unknown, trigger: string, path: string): number {
  const i = typeof v === 'string' ? WEEKDAYS.indexOf(v.toLowerCase()) : -1;
  if (i < 0)
    invalid(
      trigger,
      path,
      `must be one of ${WEEKDAYS.map((d) => d[0]?.toUpperCase() + d.slice(1)).join(', ')}`,
    );
  return i + 1;
}

/**
 * Parses `typeProperties.recurrence` of a ScheduleTrigger.
 * @throws ConfigError `trigger/invalid-definition`, `trigger/unknown-time-zone`, `trigger/invalid-time`
 */
export function parseScheduleRecurrence(rec: JsonObject, trigger: string): ScheduleRecurrence {
  const path = '$.properties.typeProperties.recurrence';
  const frequency = str(rec, 'frequency', trigger, path);
  if (!(frequency in ScheduleFrequency)) {
    invalid(
      trigger,
      `${path}.frequency`,
      `"${frequency}" is not supported (allowed: ${Object.keys(ScheduleFrequency).join(', ')})`,
    );
  }
  const timeZone = resolveTriggerZone(optStr(rec, 'timeZone', trigger, path));
  const startTime = parseTriggerTime(
    str(rec, 'startTime', trigger, path),
    timeZone,
    `trigger "${trigger}" ${path}.startTime`,
  );
  const end = optStr(rec, 'endTime', trigger, path);
  const endTime =
    end === undefined ? undefined : parseTriggerTime(end, timeZone, `trigger "${trigger}" ${path}.endTime`);
  const s = rec['schedule'];
  let schedule: RecurrenceSchedule | undefined;
  if (isObject(s)) {
    const sp = `${path}.schedule`;
    const minutes = optIntList(s, 'minutes', trigger, sp, { min: 0, max: 59 });
    const hours = optIntList(s, 'hours', trigger, sp, { min: 0, max: 23 });
    const monthDays = optIntList(s, 'monthDays', trigger, sp, { min: -31, max: 31, nonZero: true });
    const wd = s['weekDays'];
    const weekDays = Array.isArray(wd)
      ? [...new Set(wd.map((d, i) => weekday(d, trigger, `${sp}.weekDays[${i}]`)))]
      : undefined;
    const mo = s['monthlyOccurrences'];
    const monthlyOccurrences = Array.isArray(mo)
      ? (mo as JsonValue[]).map((o, i) => {
          const op = `${sp}.monthlyOccurrences[${i}]`;
          if (!isObject(o)) return invalid(trigger, op, 'must be {day, occurrence}');
          const occurrence = optInt(o, 'occurrence', trigger, op, -5, 5) ?? 1;
          if (occurrence === 0) invalid(trigger, `${op}.occurrence`, 'must be 1..5 or -5..-1');
          return { day: weekday(o['day'], trigger, `${op}.day`), occurrence };
        })
      : undefined;
    schedule = {
      ...(minutes ? { minutes } : {}),
      ...(hours ? { hours } : {}),
      ...(weekDays ? { weekDays } : {}),
      ...(monthDays ? { monthDays } : {}),
      ...(monthlyOccurrences ? { monthlyOccurrences } : {}),
    };
  }
  return {
    frequency: frequency as ScheduleFrequency,
    interval: optInt(rec, 'interval', trigger, path, 1, 1000) ?? 1,
    startTime,
    ...(endTime === undefined ? {} : { endTime }),
    timeZone,
    ...(schedule ? { schedule } : {}),
  };
}

/** A local calendar date (kept in a UTC DateTime so day arithmetic never meets a DST change). */
type LocalDate = DateTime;

function daysOfPeriod(rec: ScheduleRecurrence, first: LocalDate, k: number): LocalDate[] {
  const s = rec.schedule ?? {};
  const n = k * rec.interval;
  if (rec.frequency === 'Day') {
    const d = first.plus({ days: n });
    return s.weekDays && !s.weekDays.includes(d.weekday) ? [] : [d];
  }
  if (rec.frequency === 'Week') {
    const weekStart = first.minus({ days: first.weekday % 7 }).plus({ weeks: n }); // weeks start on Sunday, as .NET's
    const days = s.weekDays ?? [first.weekday];
    return days.map((wd) => weekStart.plus({ days: wd % 7 }));
  }
  const month = first.startOf('month').plus({ months: n });
  const dim = month.daysInMonth ?? 31;
  if (!s.monthDays && !s.monthlyOccurrences) {
    // No schedule: the start's day, clamped to the month's last day (as .NET AddMonths).
    return [month.set({ day: Math.min(first.day, dim) })];
  }
  const days = new Set<number>();
  for (const d of s.monthDays ?? []) {
    const day = d > 0 ? d : dim + d + 1;
    if (day >= 1 && day <= dim) days.add(day); // months that lack the day are skipped
  }
  for (const o of s.monthlyOccurrences ?? []) {
    const firstOfKind = 1 + ((o.day - month.weekday + 7) % 7);
    const all = [];
    for (let d = firstOfKind; d <= dim; d += 7) all.push(d);
    const day = o.occurrence > 0 ? all[o.occurrence - 1] : all[all.length + o.occurrence];
    if (day !== undefined) days.add(day);
  }
  return [...days].sort((a, b) => a - b).map((day) => month.set({ day }));
}

/** The instant of a wall-clock reading: a skipped reading moves forward by the gap; a repeated one is read as standard time. */
function instantOf(zone: string, d: LocalDate, hour: number, minute: number, second: number): number {
  return DateTime.fromObject(
    { year: d.year, month: d.month, day: d.day, hour, minute, second },
    { zone },
  ).toMillis();
}

/**
 * The next `count` occurrences strictly after `after` (epoch ms), in order, never before `startTime` nor at
 * or after `endTime`. Minute and Hour recurrences step in absolute time (a DST change does not move them);
 * Day, Week and Month recurrences keep the wall-clock time of the trigger's zone. A wall-clock time that a
 * spring-forward change skips fires at the shifted instant (02:30 → 03:30 DST); one that a fall-back change
 * repeats fires once, at its standard-time (second) occurrence, the reading .NET's `ConvertTimeToUtc` gives.
 *
 * @example nextFireTimes(parseScheduleRecurrence({frequency: 'Day', interval: 1, startTime: '2024-01-01T06:00:00Z'}, 'T'), Date.UTC(2024, 0, 3), 2)
 *   // [2024-01-03T06:00Z, 2024-01-04T06:00Z]
 */
export function nextFireTimes(rec: ScheduleRecurrence, after: number, count: number): number[] {
  const out: number[] = [];
  const from = Math.max(after, rec.startTime - 1);
  const keep = (t: number): boolean => t > from && (rec.endTime === undefined || t < rec.endTime);
  const done = (t: number): boolean => rec.endTime !== undefined && t >= rec.endTime;
  const start = DateTime.fromMillis(rec.startTime, { zone: rec.timeZone });
  const s = rec.schedule ?? {};
  if (rec.frequency === 'Minute' || (rec.frequency === 'Hour' && !s.minutes && !s.hours)) {
    const step = rec.interval * (rec.frequency === 'Minute' ? MINUTE : HOUR);
    let k = Math.max(0, Math.floor((from - rec.startTime) / step));
    for (; out.length < count; k++) {
      const t = rec.startTime + k * step;
      if (done(t)) break;
      if (keep(t)) out.push(t);
    }
    return out;
  }
  if (rec.frequency === 'Hour') {
    const step = rec.interval * HOUR;
    const base = rec.startTime - (start.minute * MINUTE + start.second * 1000 + start.millisecond);
    const minutes = s.minutes ?? [start.minute];
    let k = Math.max(0, Math.floor((from - base) / step));
    for (let i = 0; i < MAX_PERIODS && out.length < count; i++, k++) {
      const periodStart = base + k * step;
      if (done(periodStart)) break;
      if (s.hours && !s.hours.includes(DateTime.fromMillis(periodStart, { zone: rec.timeZone }).hour))
        continue;
      for (const m of minutes) {
        const t = periodStart + m * MINUTE + start.second * 1000;
        if (keep(t) && out.length < count) out.push(t);
      }
    }
    return out;
  }
  const first = DateTime.utc(start.year, start.month, start.day);
  const fromLocal = DateTime.fromMillis(from, { zone: rec.timeZone });
  const fromDate = DateTime.utc(fromLocal.year, fromLocal.month, fromLocal.day);
  const unit = rec.frequency === 'Day' ? 'days' : rec.frequency === 'Week' ? 'weeks' : 'months';
  const anchor =
    unit === 'weeks'
      ? first.minus({ days: first.weekday % 7 })
      : unit === 'months'
        ? first.startOf('month')
        : first;
  const elapsed = Math.floor(fromDate.diff(anchor, unit).get(unit));
  let k = Math.max(0, Math.floor(elapsed / rec.interval) - 1);
  const hours = s.hours ?? [start.hour];
  const minutes = s.minutes ?? [start.minute];
  for (let i = 0; i < MAX_PERIODS && out.length < count; i++, k++) {
    const found = new Set<number>();
    let past = false;
    for (const d of daysOfPeriod(rec, first, k)) {
      for (const h of hours) {
        for (const m of minutes) {
          const t = instantOf(rec.timeZone, d, h, m, start.second);
          if (done(t)) past = true;
          else if (keep(t)) found.add(t);
        }
      }
    }
    for (const t of [...found].sort((a, b) => a - b)) if (out.length < count) out.push(t);
    if (past) break;
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../model/index.js';
import { nextFireTimes, parseScheduleRecurrence } from './schedule-recurrence.js';

/** Fire times as ISO strings (UTC), from a recurrence written as in a trigger file. */
function fires(rec: JsonObject, after: string, count: number): string[] {
  const r = parseScheduleRecurrence(rec, 'TR_Test');
  return nextFireTimes(r, Date.parse(after), count).map((t) =>
    new Date(t).toISOString().replace('.000Z', 'Z'),
  );
}

describe('nextFireTimes without schedule', () => {
  it('steps Minute recurrences from startTime and stops before endTime', () => {
    const rec = {
      frequency: 'Minute',
      interval: 15,
      startTime: '2024-01-01T00:00:00Z',
      endTime: '2024-01-01T01:00:00Z',
    };
    expect(fires(rec, '2023-12-31T00:00:00Z', 10)).toEqual([
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:15:00Z',
      '2024-01-01T00:30:00Z',
      '2024-01-01T00:45:00Z',
    ]);
    expect(fires(rec, '2024-01-01T00:20:00Z', 10)).toEqual(['2024-01-01T00:30:00Z', '2024-01-01T00:45:00Z']);
  });

  it('discards past grid points when startTime is in the past', () => {
    const rec = { frequency: 'Day', interval: 3, startTime: '2024-01-01T06:00:00Z' };
    expect(fires(rec, '2024-01-05T00:00:00Z', 2)).toEqual(['2024-01-07T06:00:00Z', '2024-01-10T06:00:00Z']);
  });

  it('keeps Hour recurrences on absolute time across spring-forward (Los Angeles)', () => {
    // 00:00 PST = 08:00Z; every 2 h in absolute time: 00:00 PST, 03:00 PDT, 05:00 PDT.
    const rec = {
      frequency: 'Hour',
      interval: 2,
      startTime: '2024-03-10T00:00:00',
      timeZone: 'Pacific Standard Time',
    };
    expect(fires(rec, '2024-03-10T00:00:00Z', 3)).toEqual([
      '2024-03-10T08:00:00Z',
      '2024-03-10T10:00:00Z',
      '2024-03-10T12:00:00Z',
    ]);
  });

  it('keeps the wall-clock time of Day recurrences; a skipped 02:30 fires at 03:30 PDT', () => {
    const rec = {
      frequency: 'Day',
      interval: 1,
      startTime: '2024-03-09T02:30:00',
      timeZone: 'America/Los_Angeles',
    };
    expect(fires(rec, '2024-03-01T00:00:00Z', 4)).toEqual([
      '2024-03-09T10:30:00Z', // 02:30 PST
      '2024-03-10T10:30:00Z', // 02:30 does not exist → 03:30 PDT
      '2024-03-11T09:30:00Z', // 02:30 PDT
      '2024-03-12T09:30:00Z',
    ]);
  });

  it('fires a repeated fall-back time once, at its standard-time occurrence (Los Angeles)', () => {
    const rec = {
      frequency: 'Day',
      interval: 1,
      startTime: '2024-11-02T01:30:00',
      timeZone: 'Pacific Standard Time',
    };
    expect(fires(rec, '2024-11-01T00:00:00Z', 3)).toEqual([
      '2024-11-02T08:30:00Z', // 01:30 PDT
      '2024-11-03T09:30:00Z', // 01:30 happens twice; fires once, 01:30 PST
      '2024-11-04T09:30:00Z', // 01:30 PST
    ]);
  });

  it('clamps a monthly start on the 31st to shorter months (leap February)', () => {
    const rec = { frequency: 'Month', interval: 1, startTime: '2024-01-31T00:00:00Z' };
    expect(fires(rec, '2024-01-01T00:00:00Z', 4)).toEqual([
      '2024-01-31T00:00:00Z',
      '2024-02-29T00:00:00Z',
      '2024-03-31T00:00:00Z',
      '2024-04-30T00:00:00Z',
    ]);
  });

  it('reads a Windows zone ID (W. Europe Standard Time) across spring-forward', () => {
    const rec = {
      frequency: 'Day',
      interval: 1,
      startTime: '2024-03-30T08:00:00',
      timeZone: 'W. Europe Standard Time',
    };
    expect(fires(rec, '2024-03-01T00:00:00Z', 2)).toEqual(['2024-03-30T07:00:00Z', '2024-03-31T06:00:00Z']);
  });
});

describe('nextFireTimes with schedule', () => {
  it('expands hours and minutes of a daily schedule', () => {
    const rec = {
      frequency: 'Day',
      interval: 1,
      startTime: '2024-01-01T00:00:00Z',
      schedule: { hours: [6, 18], minutes: [0, 30] },
    };
    expect(fires(rec, '2024-01-01T00:00:00Z', 5)).toEqual([
      '2024-01-01T06:00:00Z',
      '2024-01-01T06:30:00Z',
      '2024-01-01T18:00:00Z',
      '2024-01-01T18:30:00Z',
      '2024-01-02T06:00:00Z',
    ]);
  });

  it('fires hours 1, 2, 3 of the Berlin fall-back day three times, the repeated 02:00 once', () => {
    const rec = {
      frequency: 'Day',
      interval: 1,
      startTime: '2024-10-27T00:00:00',
      timeZone: 'Europe/Berlin',
      schedule: { hours: [1, 2, 3], minutes: [0] },
    };
    expect(fires(rec, '2024-10-26T00:00:00Z', 4)).toEqual([
      '2024-10-26T23:00:00Z', // 01:00 CEST
      '2024-10-27T01:00:00Z', // 02:00 twice; fires once, 02:00 CET
      '2024-10-27T02:00:00Z', // 03:00 CET
      '2024-10-28T00:00:00Z', // next day 01:00 CET
    ]);
  });

  it('fires 02:30 of the Berlin spring-forward day at 03:30 CEST, once with a scheduled 03:30', () => {
    const rec = {
      frequency: 'Day',
      interval: 1,
      startTime: '2024-03-31T00:00:00',
      timeZone: 'Europe/Berlin',
      schedule: { hours: [1, 2, 3], minutes: [30] },
    };
    expect(fires(rec, '2024-03-30T00:00:00Z', 5)).toEqual([
      '2024-03-31T00:30:00Z', // 01:30 CET
      '2024-03-31T01:30:00Z', // 02:30 skipped → 03:30 CEST, the same instant as 03:30: one fire
      '2024-03-31T23:30:00Z', // 04-01 01:30 CEST
      '2024-04-01T00:30:00Z',
      '2024-04-01T01:30:00Z',
    ]);
  });

  it('fires weekDays every other week (weeks start on Sunday)', () => {
    const rec = {
      frequency: 'Week',
      interval: 2,
      startTime: '2024-01-01T00:00:00Z',
      schedule: { weekDays: ['Monday', 'Friday'], hours: [6], minutes: [0] },
    };
    expect(fires(rec, '2023-12-01T00:00:00Z', 4)).toEqual([
      '2024-01-01T06:00:00Z',
      '2024-01-05T06:00:00Z',
      '2024-01-15T06:00:00Z',
      '2024-01-19T06:00:00Z',
    ]);
  });

  it('skips months without day 31', () => {
    const rec = {
      frequency: 'Month',
      interval: 1,
      startTime: '2024-01-01T00:00:00Z',
      schedule: { monthDays: [31] },
    };
    expect(fires(rec, '2024-01-01T00:00:00Z', 4)).toEqual([
      '2024-01-31T00:00:00Z',
      '2024-03-31T00:00:00Z',
      '2024-05-31T00:00:00Z',
      '2024-07-31T00:00:00Z',
    ]);
  });

  it('reads monthDays -1 as the last day, in non-leap and leap Februaries', () => {
    const rec = {
      frequency: 'Month',
      interval: 1,
      startTime: '2023-01-15T06:00:00Z',
      schedule: { monthDays: [-1] },
    };
    expect(fires(rec, '2023-01-01T00:00:00Z', 3)).toEqual([
      '2023-01-31T06:00:00Z',
      '2023-02-28T06:00:00Z',
      '2023-03-31T06:00:00Z',
    ]);
    expect(fires(rec, '2024-01-20T00:00:00Z', 3)).toEqual([
      '2024-01-31T06:00:00Z',
      '2024-02-29T06:00:00Z',
      '2024-03-31T06:00:00Z',
    ]);
  });

  it('fires monthDays 29, 30, 31 and -3 around February', () => {
    const rec = {
      frequency: 'Month',
      interval: 1,
      startTime: '2023-02-01T00:00:00Z',
      schedule: { monthDays: [30, -3], hours: [0], minutes: [0] },
    };
    expect(fires(rec, '2023-01-01T00:00:00Z', 5)).toEqual([
      '2023-02-26T00:00:00Z', // -3 of a 28-day February; no 30th
      '2023-03-29T00:00:00Z',
      '2023-03-30T00:00:00Z',
      '2023-04-28T00:00:00Z',
      '2023-04-30T00:00:00Z',
    ]);
  });

  it('fires monthlyOccurrences: first Monday and last Friday', () => {
    const rec = {
      frequency: 'Month',
      interval: 1,
      startTime: '2024-01-01T09:00:00Z',
      schedule: {
        monthlyOccurrences: [
          { day: 'Monday', occurrence: 1 },
          { day: 'Friday', occurrence: -1 },
        ],
      },
    };
    expect(fires(rec, '2023-12-01T00:00:00Z', 6)).toEqual([
      '2024-01-01T09:00:00Z',
      '2024-01-26T09:00:00Z',
      '2024-02-05T09:00:00Z',
      '2024-02-23T09:00:00Z',
      '2024-03-04T09:00:00Z',
      '2024-03-29T09:00:00Z',
    ]);
  });

  it('skips months without a fifth Friday', () => {
    const rec = {
      frequency: 'Month',
      interval: 1,
      startTime: '2024-01-01T00:00:00Z',
      schedule: { monthlyOccurrences: [{ day: 'friday', occurrence: 5 }] },
    };
    expect(fires(rec, '2024-01-01T00:00:00Z', 2)).toEqual(['2024-03-29T00:00:00Z', '2024-05-31T00:00:00Z']);
  });

  it('fires scheduled minutes of an Hour recurrence', () => {
    const rec = {
      frequency: 'Hour',
      interval: 3,
      startTime: '2024-01-01T00:10:00Z',
      schedule: { minutes: [15, 45] },
    };
    expect(fires(rec, '2024-01-01T00:00:00Z', 4)).toEqual([
      '2024-01-01T00:15:00Z',
      '2024-01-01T00:45:00Z',
      '2024-01-01T03:15:00Z',
      '2024-01-01T03:45:00Z',
    ]);
  });
});

describe('parseScheduleRecurrence', () => {
  it('rejects an unknown time zone with the trigger name', () => {
    expect(() =>
      parseScheduleRecurrence(
        { frequency: 'Day', startTime: '2024-01-01T00:00:00Z', timeZone: 'Mars Time' },
        'TR_X',
      ),
    ).toThrow(/unknown time zone "Mars Time"/);
  });

  it('rejects monthDays 0 and names the path', () => {
    expect(() =>
      parseScheduleRecurrence(
        { frequency: 'Month', startTime: '2024-01-01T00:00:00Z', schedule: { monthDays: [0] } },
        'TR_X',
      ),
    ).toThrow(/TR_X.*schedule\.monthDays\[0\]/);
  });
});

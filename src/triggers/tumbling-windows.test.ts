import { describe, expect, it } from 'vitest';
import {
  dependencyRange,
  lastDueWindowIndex,
  parseTumblingWindowSpec,
  windowAt,
  windowsOverlapping,
} from './tumbling-windows.js';

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const span = (w: { start: number; end: number }): string => `${iso(w.start)}..${iso(w.end)}`;

describe('tumbling windows', () => {
  const hourly = parseTumblingWindowSpec(
    {
      frequency: 'Hour',
      interval: 1,
      startTime: '2024-01-01T00:00:00Z',
      endTime: '2024-01-01T05:00:00Z',
      delay: '00:10:00',
      maxConcurrency: 2,
      retryPolicy: { count: 2, intervalInSeconds: 60 },
      dependsOn: [{ type: 'SelfDependencyTumblingWindowTriggerReference', offset: '-01:00:00' }],
    },
    'TR_H',
  );

  it('parses delay, retry policy and a self-dependency', () => {
    expect(hourly.delayMs).toBe(600_000);
    expect(hourly.retry).toEqual({ count: 2, intervalMs: 60_000 });
    expect(hourly.dependsOn).toEqual([{ offsetMs: -3_600_000 }]);
  });

  it('lays windows from startTime; a window is due at its end plus delay', () => {
    expect(span(windowAt(hourly, 0))).toBe('2024-01-01T00:00:00Z..2024-01-01T01:00:00Z');
    expect(lastDueWindowIndex(hourly, Date.parse('2024-01-01T03:05:00Z'))).toBe(1);
    expect(lastDueWindowIndex(hourly, Date.parse('2024-01-01T03:10:00Z'))).toBe(2);
    expect(lastDueWindowIndex(hourly, Date.parse('2024-01-01T00:30:00Z'))).toBe(-1);
    // endTime 05:00: the last window is 04:00..05:00 (index 4), even days later
    expect(lastDueWindowIndex(hourly, Date.parse('2024-01-09T00:00:00Z'))).toBe(4);
  });

  it('keeps a start more granular than the frequency (10:10:10 hourly)', () => {
    const s = parseTumblingWindowSpec(
      { frequency: 'Hour', interval: 1, startTime: '2024-01-01T10:10:10Z' },
      'T',
    );
    expect(span(windowAt(s, 1))).toBe('2024-01-01T11:10:10Z..2024-01-01T12:10:10Z');
  });

  it('lays 15-minute and monthly windows', () => {
    const m15 = parseTumblingWindowSpec(
      { frequency: 'Minute', interval: 15, startTime: '2024-01-01T00:00:00Z' },
      'T',
    );
    expect(span(windowAt(m15, 3))).toBe('2024-01-01T00:45:00Z..2024-01-01T01:00:00Z');
    const monthly = parseTumblingWindowSpec(
      { frequency: 'Month', interval: 1, startTime: '2024-01-31T00:00:00Z' },
      'T',
    );
    expect([0, 1, 2].map((i) => span(windowAt(monthly, i)))).toEqual([
      '2024-01-31T00:00:00Z..2024-02-29T00:00:00Z',
      '2024-02-29T00:00:00Z..2024-03-31T00:00:00Z',
      '2024-03-31T00:00:00Z..2024-04-30T00:00:00Z',
    ]);
  });

  it('maps a dependency offset and size onto the upstream windows', () => {
    const up = parseTumblingWindowSpec(
      { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z' },
      'UP',
    );
    const w = windowAt(up, 5); // 05:00..06:00
    const r = dependencyRange(w, { trigger: 'UP', offsetMs: -3_600_000, sizeMs: 7_200_000 });
    expect(`${iso(r.from)}..${iso(r.to)}`).toBe('2024-01-01T04:00:00Z..2024-01-01T06:00:00Z');
    expect(windowsOverlapping(up, r.from, r.to).map((x) => x.index)).toEqual([4, 5]);
    // before the upstream start there is nothing to wait for
    const first = dependencyRange(windowAt(up, 0), { offsetMs: -3_600_000 });
    expect(windowsOverlapping(up, first.from, first.to)).toEqual([]);
  });

  it('refuses a self-dependency without a negative offset', () => {
    expect(() =>
      parseTumblingWindowSpec(
        {
          frequency: 'Hour',
          startTime: '2024-01-01T00:00:00Z',
          dependsOn: [{ type: 'SelfDependencyTumblingWindowTriggerReference', offset: '01:00:00' }],
        },
        'TR_S',
      ),
    ).toThrow(/TR_S.*dependsOn\[0\]\.offset.*negative/);
  });
});

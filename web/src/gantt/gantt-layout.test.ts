import { describe, expect, it } from 'vitest';
import type { ApiActivityRun } from '../../../src/server/api-types.js';
import { groupOf, iterationOf, layoutGantt } from './gantt-layout.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const run = (
  activityName: string,
  start: number,
  end: number | null,
  iteration?: string,
): ApiActivityRun => ({
  activityName,
  activityType: 'Wait',
  status: end === null ? 'InProgress' : 'Succeeded',
  start: t(start),
  end: end === null ? null : t(end),
  durationMs: end === null ? null : (end - start) * 1000,
  ...(iteration === undefined ? {} : { iteration }),
});

describe('layoutGantt', () => {
  const runs = [
    run('Get', 0, 1),
    run('Loop', 1, 9),
    ...Array.from({ length: 1000 }, (_, i) => run('Inner', 1 + (i % 5), 2 + (i % 5), `Loop[${i}]/If1(true)`)),
    run('Inner2', 2, 3, 'Loop[0]'),
    run('After', 9, null),
  ];
  it('keeps a ForEach collapsed to one row with its iteration count', () => {
    const l = layoutGantt(runs, new Set(), Date.parse(t(12)));
    expect(l.rows.map((r) => r.label)).toEqual(['Get', 'Loop', 'After']);
    expect(l.rows[1]!.group).toEqual({ name: 'Loop', iterations: 1000, expanded: false });
    expect(l.min).toBe(Date.parse(t(0)));
    expect(l.max).toBe(Date.parse(t(12))); // the running activity ends at `now`
  });
  it('shows one row per iteration when expanded, nested runs of an iteration on its row', () => {
    const l = layoutGantt(runs, new Set(['Loop']), Date.parse(t(12)));
    expect(l.rows).toHaveLength(3 + 1000);
    expect(l.rows[2]).toMatchObject({ label: 'Loop[0]', depth: 1 });
    expect(l.rows[2]!.bars.map((b) => b.label)).toEqual(['Inner Loop[0]/If1(true)', 'Inner2 Loop[0]']);
    expect(l.rows.at(-1)!.label).toBe('After');
  });
  it('names groups and iterations from the path', () => {
    expect(groupOf('ForEach1[3]/If1(true)')).toBe('ForEach1');
    expect(iterationOf('ForEach1[3]/If1(true)')).toBe('ForEach1[3]');
    expect(groupOf('If1(false)')).toBe('If1');
  });
});

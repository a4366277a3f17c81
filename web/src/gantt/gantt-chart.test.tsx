// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiActivityRun } from '../../../src/server/api-types.js';
import { GanttChart } from './gantt-chart.js';

afterEach(cleanup);

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const runs: ApiActivityRun[] = [
  {
    activityName: 'Loop',
    activityType: 'ForEach',
    status: 'Succeeded',
    start: at(0),
    end: at(60),
    durationMs: 60_000,
  },
  ...Array.from({ length: 10_000 }, (_, i) => ({
    activityName: 'Work',
    activityType: 'Wait',
    status: i === 7 ? 'Failed' : 'Succeeded',
    start: at(i % 50),
    end: at((i % 50) + 1),
    durationMs: 1000,
    iteration: `Loop[${i}]`,
  })),
];

describe('GanttChart', () => {
  it('starts with 10,000 iterations folded into one row and opens them from the keyboard-reachable toggle', () => {
    render(<GanttChart runs={runs} onSelect={() => undefined} now={Date.parse(at(60))} />);
    const canvas = screen.getByTestId('gantt-canvas');
    expect(canvas.getAttribute('data-rows')).toBe('1');
    const toggle = screen.getByRole('button', { name: 'Expand Loop (10000 iterations)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(canvas.getAttribute('data-rows')).toBe('10001');
    expect(
      screen.getByRole('button', { name: 'Collapse Loop (10000 iterations)' }).getAttribute('aria-expanded'),
    ).toBe('true');
    expect(screen.getByText(/10,001 rows, 1 min 00 s/)).toBeTruthy();
  });
});

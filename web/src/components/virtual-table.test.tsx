// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualTable } from './virtual-table.js';

afterEach(cleanup);

// happy-dom does no layout: give elements the size of a 560 px viewport so the virtualizer has a window.
const sizes = ['clientHeight', 'clientWidth'] as const;
beforeAll(() => {
  for (const key of sizes) {
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => 560 });
  }
});
afterAll(() => {
  for (const key of sizes) Reflect.deleteProperty(HTMLElement.prototype, key);
});

describe('VirtualTable', () => {
  it('draws only the rows in view of 100,000, and says how many there are', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ id: `run-${i}` }));
    render(
      <VirtualTable
        label="Runs"
        rows={rows}
        rowKey={(r) => r.id}
        columns={[{ header: 'Run', width: '1fr', cell: (r) => r.id }]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Runs' });
    expect(table.getAttribute('aria-rowcount')).toBe('100001');
    const drawn = screen.getAllByRole('row').length - 1;
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(100);
    expect(screen.getByText('run-0')).toBeTruthy();
    expect(screen.queryByText('run-99999')).toBeNull();
  });
});

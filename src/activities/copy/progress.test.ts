import { describe, expect, it } from 'vitest';
import type { CopyProgress } from '../../contracts/index.js';
import { createProgressReporter } from './progress.js';

describe('createProgressReporter', () => {
  it('reports at most once per interval and the final totals on done', () => {
    let now = 0;
    const seen: CopyProgress[] = [];
    const r = createProgressReporter(
      (p) => seen.push(p),
      250,
      () => now,
    );
    r.add({ bytes: 10 });
    now = 100;
    r.add({ bytes: 10 });
    expect(seen).toEqual([]);
    now = 260;
    r.add({ rows: 5 });
    expect(seen).toEqual([{ bytes: 20, rows: 5, files: 0 }]);
    r.add({ files: 1 });
    r.done();
    expect(seen.at(-1)).toEqual({ bytes: 20, rows: 5, files: 1 });
    r.done();
    expect(seen).toHaveLength(2);
  });
});

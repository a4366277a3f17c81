import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { MlRunSearch } from '../../contracts/index.js';
import { SqliteTrackingStore } from './sqlite-tracking-store.js';
import { runSearchSql } from './sqlite-run-search.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-search-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `from`..`to`-1 of experiment 0: metric rmse = (i % 1000) / 1000, param alpha = (i % 10) / 10. */
function seed(path: string, from: number, to: number): void {
  const db = new Database(path);
  const run = db.prepare(
    `INSERT INTO ml_runs (run_id, experiment_id, run_name, user_id, status, start_time, artifact_uri, lifecycle_stage) VALUES (?, 0, ?, 'u', 'FINISHED', ?, '', 'active')`,
  );
  const metric = db.prepare(
    'INSERT INTO ml_latest_metrics (run_id, key, value, timestamp, step) VALUES (?, ?, ?, 1, 0)',
  );
  const param = db.prepare('INSERT INTO ml_params (run_id, key, value) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const id = i.toString(16).padStart(32, '0');
      run.run(id, `run-${i}`, 1_000 + i);
      metric.run(id, 'rmse', (i % 1000) / 1000);
      param.run(id, 'alpha', String((i % 10) / 10));
    }
  })();
  db.close();
}

const analyzedRows = (path: string): Record<string, number> => {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare<[], { tbl: string; stat: string }>('SELECT tbl, stat FROM sqlite_stat1').all();
  db.close();
  return Object.fromEntries(rows.map((r) => [r.tbl, Number.parseInt(r.stat, 10)]));
};

describe('run search over many runs', () => {
  it('gathers planner statistics, starts from the selective index and finds exactly the matching runs', async () => {
    const path = join(dir, 'state.db');
    const store = new SqliteTrackingStore(path);
    await store.createExperiment({ name: 'Default', tags: [], now: 1, artifactLocation: (id) => id });
    seed(path, 0, 5_000);
    const search: MlRunSearch = {
      experimentIds: ['0'],
      viewType: 'ACTIVE_ONLY',
      clauses: [
        { kind: 'metric', key: 'rmse', op: '<', value: 0.01 },
        { kind: 'param', key: 'alpha', op: '=', value: '0.3' },
      ],
      orderBy: [],
      maxResults: 100,
      offset: 0,
    };
    const { runs, more } = await store.searchRuns(search);
    // i % 1000 < 10 and i % 10 = 3: i % 1000 = 3, newest first.
    expect(runs.map((r) => r.info.run_name)).toEqual([
      'run-4003',
      'run-3003',
      'run-2003',
      'run-1003',
      'run-3',
    ]);
    expect(more).toBe(false);
    expect(analyzedRows(path)).toMatchObject({ ml_runs: 5_000, ml_latest_metrics: 5_000, ml_params: 5_000 });
    const db = new Database(path, { readonly: true });
    const { sql, args } = runSearchSql(search);
    const plan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...args)
      .map((r) => r.detail);
    db.close();
    // The 50 runs under the metric bound are the start, not a scan of every run.
    expect(plan[0]).toMatch(
      /^SEARCH f0 USING (COVERING )?INDEX ix_ml_latest_metrics_key \(key=\? AND value<\?\)/,
    );
    // Doubling the runs refreshes the statistics before the next search.
    seed(path, 5_000, 10_000);
    expect((await store.searchRuns(search)).runs).toHaveLength(10);
    expect(analyzedRows(path)).toMatchObject({ ml_runs: 10_000 });
    await store.close();
  });

  it('pages a filter most runs match from the newest runs, exactly as the whole search would', async () => {
    const path = join(dir, 'broad.db');
    const store = new SqliteTrackingStore(path);
    await store.createExperiment({ name: 'Default', tags: [], now: 1, artifactLocation: (id) => id });
    seed(path, 0, 10_000);
    const page = async (offset: number) =>
      (
        await store.searchRuns({
          experimentIds: ['0'],
          viewType: 'ACTIVE_ONLY',
          clauses: [{ kind: 'param', key: 'alpha', op: '=', value: '0.3' }],
          orderBy: [],
          maxResults: 3,
          offset,
        })
      ).runs.map((r) => r.info.run_name);
    expect(await page(0)).toEqual(['run-9993', 'run-9983', 'run-9973']);
    expect(await page(3)).toEqual(['run-9963', 'run-9953', 'run-9943']);
    // Past what any window holds: the whole search answers.
    expect(await page(998)).toEqual(['run-13', 'run-3']);
    await store.close();
  });
});

import type Database from 'better-sqlite3';
import type { MlRun } from '../../contracts/index.js';
import { assembleMlRuns, groupByRun } from '../ml-run-rows.js';
import type { MlKeyValueRow, MlLatestMetricRow, MlRunRow } from '../ml-run-rows.js';

export type { MlRunRow } from '../ml-run-rows.js';

/** Full runs (info, latest metrics, params, tags, outputs) of the ids, in the order given; missing ids skipped. */
export function loadRuns(db: Database.Database, ids: readonly string[]): MlRun[] {
  if (ids.length === 0) return [];
  const marks = ids.map(() => '?').join(', ');
  const rows = db
    .prepare<unknown[], MlRunRow>(`SELECT * FROM ml_runs WHERE run_id IN (${marks})`)
    .all(...ids);
  const side = <T extends { run_id: string }>(sql: string) =>
    groupByRun(db.prepare<unknown[], T>(sql.replace('?', marks)).all(...ids));
  return assembleMlRuns(ids, rows, {
    params: side<MlKeyValueRow>('SELECT run_id, key, value FROM ml_params WHERE run_id IN (?) ORDER BY key'),
    tags: side<MlKeyValueRow>('SELECT run_id, key, value FROM ml_tags WHERE run_id IN (?) ORDER BY key'),
    metrics: side<MlLatestMetricRow>(
      'SELECT run_id, key, value, timestamp, step FROM ml_latest_metrics WHERE run_id IN (?) ORDER BY key',
    ),
  });
}

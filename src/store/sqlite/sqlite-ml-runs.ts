import type Database from 'better-sqlite3';
import type { MlMetric, MlRun, MlRunInfo, MlTag } from '../../contracts/index.js';

/** An `ml_runs` row. */
export type MlRunRow = Omit<MlRunInfo, 'end_time' | 'experiment_id'> & {
  experiment_id: number;
  end_time: number | null;
  outputs: string;
};

/** Full runs (info, latest metrics, params, tags, outputs) of the ids, in the order given; missing ids skipped. */
export function loadRuns(db: Database.Database, ids: readonly string[]): MlRun[] {
  if (ids.length === 0) return [];
  const marks = ids.map(() => '?').join(', ');
  const rows = db
    .prepare<unknown[], MlRunRow>(`SELECT * FROM ml_runs WHERE run_id IN (${marks})`)
    .all(...ids);
  const side = <T extends { run_id: string }>(sql: string) => {
    const by = new Map<string, T[]>();
    for (const row of db.prepare<unknown[], T>(sql.replace('?', marks)).all(...ids)) {
      const list = by.get(row.run_id) ?? [];
      list.push(row);
      by.set(row.run_id, list);
    }
    return by;
  };
  const params = side<MlTag & { run_id: string }>(
    'SELECT run_id, key, value FROM ml_params WHERE run_id IN (?) ORDER BY key',
  );
  const tags = side<MlTag & { run_id: string }>(
    'SELECT run_id, key, value FROM ml_tags WHERE run_id IN (?) ORDER BY key',
  );
  const metrics = side<MlMetric & { run_id: string; value: number | null }>(
    'SELECT run_id, key, value, timestamp, step FROM ml_latest_metrics WHERE run_id IN (?) ORDER BY key',
  );
  const byId = new Map(rows.map((r) => [r.run_id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const { outputs, end_time, experiment_id, ...info } = r;
    const kv = (list: readonly (MlTag & { run_id: string })[] | undefined) =>
      (list ?? []).map(({ key, value }) => ({ key, value }));
    return [
      {
        info: { ...info, experiment_id: String(experiment_id), ...(end_time === null ? {} : { end_time }) },
        data: {
          metrics: (metrics.get(id) ?? []).map(({ key, value, timestamp, step }) => ({
            key,
            value: value ?? Number.NaN,
            timestamp,
            step,
          })),
          params: kv(params.get(id)),
          tags: kv(tags.get(id)),
        },
        outputs: { model_outputs: JSON.parse(outputs) as MlRun['outputs']['model_outputs'] },
      },
    ];
  });
}

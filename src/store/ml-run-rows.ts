import type { MlMetric, MlRun, MlRunInfo, MlTag } from '../contracts/index.js';

/** An `ml_runs` row (the same columns in SQLite and PostgreSQL). */
export type MlRunRow = Omit<MlRunInfo, 'end_time' | 'experiment_id'> & {
  experiment_id: number;
  end_time: number | null;
  outputs: string;
};

/** A row of `ml_params` or `ml_tags`. */
export type MlKeyValueRow = MlTag & { run_id: string };
/** A row of `ml_latest_metrics` (a NaN value is stored as NULL). */
export type MlLatestMetricRow = MlMetric & { run_id: string; value: number | null };

/** Rows grouped by their run id. */
export function groupByRun<T extends { run_id: string }>(rows: Iterable<T>): Map<string, T[]> {
  const by = new Map<string, T[]>();
  for (const row of rows) {
    const list = by.get(row.run_id) ?? [];
    list.push(row);
    by.set(row.run_id, list);
  }
  return by;
}

/**
 * Full runs (info, latest metrics, params, tags, outputs) of `ids`, in the order given, from the rows of each
 * table (params, tags and metrics already grouped by run and sorted by key); ids without a row are skipped.
 */
export function assembleMlRuns(
  ids: readonly string[],
  rows: readonly MlRunRow[],
  side: {
    readonly params: ReadonlyMap<string, readonly MlKeyValueRow[]>;
    readonly tags: ReadonlyMap<string, readonly MlKeyValueRow[]>;
    readonly metrics: ReadonlyMap<string, readonly MlLatestMetricRow[]>;
  },
): MlRun[] {
  const byId = new Map(rows.map((r) => [r.run_id, r]));
  const kv = (list: readonly MlKeyValueRow[] | undefined) =>
    (list ?? []).map(({ key, value }) => ({ key, value }));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const { outputs, end_time, experiment_id, ...info } = r;
    return [
      {
        info: { ...info, experiment_id: String(experiment_id), ...(end_time === null ? {} : { end_time }) },
        data: {
          metrics: (side.metrics.get(id) ?? []).map(({ key, value, timestamp, step }) => ({
            key,
            value: value ?? Number.NaN,
            timestamp,
            step,
          })),
          params: kv(side.params.get(id)),
          tags: kv(side.tags.get(id)),
        },
        outputs: { model_outputs: JSON.parse(outputs) as MlRun['outputs']['model_outputs'] },
      },
    ];
  });
}

import type pg from 'pg';
import type {
  MlExperiment,
  MlExperimentPatch,
  MlLoggedModel,
  MlMetric,
  MlRun,
  MlRunInfo,
  MlRunPatch,
  MlRunSearch,
  MlTag,
  MlViewType,
  TrackingStore,
} from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import { assembleMlRuns, groupByRun } from '../ml-run-rows.js';
import type { MlKeyValueRow, MlLatestMetricRow, MlRunRow } from '../ml-run-rows.js';
import { runSearchSql } from '../sqlite/sqlite-run-search.js';
import type { PgDatabase } from './pg-database.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

interface ExperimentRow {
  experiment_id: number;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active' | 'deleted';
  creation_time: number;
  last_update_time: number;
}

const VIEW_SQL: Record<MlViewType, string> = {
  ACTIVE_ONLY: `WHERE lifecycle_stage = 'active'`,
  DELETED_ONLY: `WHERE lifecycle_stage = 'deleted'`,
  ALL: '',
};

/** `?` placeholders (the shared search builder's) → `$1…`; the builder puts no `?` inside literals. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** MLflow's "latest value" of a metric: the highest step, then the latest timestamp, then the larger value. */
const UPSERT_LATEST = `INSERT INTO ml_latest_metrics AS l (run_id, key, value, timestamp, step) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step
  WHERE excluded.step > l.step OR (excluded.step = l.step AND excluded.timestamp > l.timestamp)
    OR (excluded.step = l.step AND excluded.timestamp = l.timestamp AND excluded.value > l.value)`;

function notFound(message: string): MillraceError {
  return new MillraceError({ code: 'mlflow/resource-does-not-exist', message });
}

const rowsOf = async <R extends pg.QueryResultRow>(
  q: Queryable,
  sql: string,
  args: readonly unknown[] = [],
): Promise<R[]> => (await q.query<R>(sql, args as unknown[])).rows;

/**
 * The TrackingStore on PostgreSQL: the SQLite store's `ml_*` tables (migration 2 of `pg-migrations.ts`) shared
 * by every server on the database. Each write is one transaction; run search uses the same SQL builder as
 * SQLite (without its SQLite-only planner hints). Keys sort bytewise (`COLLATE "C"`), as in SQLite.
 */
export class PgTrackingStore implements TrackingStore {
  readonly #db: PgDatabase;
  #closed = false;

  constructor(db: PgDatabase) {
    this.#db = db;
  }

  async #requireRun(q: Queryable, runId: string): Promise<void> {
    const [row] = await rowsOf<{ lifecycle_stage: string }>(
      q,
      'SELECT lifecycle_stage FROM ml_runs WHERE run_id = $1',
      [runId],
    );
    if (!row) throw notFound(`Run with id=${runId} not found`);
    if (row.lifecycle_stage !== 'active')
      throw new MillraceError({
        code: 'mlflow/invalid-parameter-value',
        message: `The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
      });
  }

  async #experiment(row: ExperimentRow | undefined): Promise<MlExperiment | undefined> {
    if (!row) return undefined;
    const tags = await rowsOf<MlTag>(
      this.#db.pool,
      'SELECT key, value FROM ml_experiment_tags WHERE experiment_id = $1 ORDER BY key COLLATE "C"',
      [row.experiment_id],
    );
    return { ...row, experiment_id: String(row.experiment_id), tags };
  }

  async createExperiment(input: Parameters<TrackingStore['createExperiment']>[0]): Promise<MlExperiment> {
    const id = await this.#db.transaction(async (c) => {
      // Ids are MAX + 1 (the first is MLflow's `Default`, 0): creators take turns.
      await c.query('LOCK TABLE ml_experiments IN SHARE ROW EXCLUSIVE MODE');
      const taken = await rowsOf(c, 'SELECT 1 FROM ml_experiments WHERE name = $1', [input.name]);
      if (taken.length > 0)
        throw new MillraceError({
          code: 'mlflow/resource-already-exists',
          message: `Experiment(name=${input.name}) already exists.`,
        });
      const [max] = await rowsOf<{ m: number | null }>(
        c,
        'SELECT MAX(experiment_id) AS m FROM ml_experiments',
      );
      const next = max?.m === null || max?.m === undefined ? 0 : max.m + 1;
      await c.query(
        `INSERT INTO ml_experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
         VALUES ($1, $2, $3, 'active', $4, $5)`,
        [next, input.name, input.artifactLocation(String(next)), input.now, input.now],
      );
      for (const t of input.tags) await setExperimentTag(c, String(next), t);
      return next;
    });
    return (await this.getExperiment(String(id))) as MlExperiment;
  }

  async getExperiment(experimentId: string): Promise<MlExperiment | undefined> {
    if (!/^\d+$/.test(experimentId) || Number(experimentId) > 2_147_483_647) return undefined;
    const [row] = await rowsOf<ExperimentRow>(
      this.#db.pool,
      'SELECT * FROM ml_experiments WHERE experiment_id = $1',
      [Number(experimentId)],
    );
    return this.#experiment(row);
  }

  async getExperimentByName(name: string): Promise<MlExperiment | undefined> {
    const [row] = await rowsOf<ExperimentRow>(this.#db.pool, 'SELECT * FROM ml_experiments WHERE name = $1', [
      name,
    ]);
    return this.#experiment(row);
  }

  async listExperiments(viewType: MlViewType): Promise<readonly MlExperiment[]> {
    const rows = await rowsOf<ExperimentRow>(
      this.#db.pool,
      `SELECT * FROM ml_experiments ${VIEW_SQL[viewType]} ORDER BY experiment_id`,
    );
    return Promise.all(rows.map(async (r) => (await this.#experiment(r)) as MlExperiment));
  }

  async updateExperiment(experimentId: string, patch: MlExperimentPatch): Promise<void> {
    const sets = ['last_update_time = ?'];
    const args: unknown[] = [patch.last_update_time];
    if (patch.name !== undefined) {
      const [other] = await rowsOf<{ experiment_id: number }>(
        this.#db.pool,
        'SELECT experiment_id FROM ml_experiments WHERE name = $1',
        [patch.name],
      );
      if (other && String(other.experiment_id) !== experimentId)
        throw new MillraceError({
          code: 'mlflow/resource-already-exists',
          message: `Experiment(name=${patch.name}) already exists.`,
        });
      sets.push('name = ?');
      args.push(patch.name);
    }
    if (patch.lifecycle_stage !== undefined) {
      sets.push('lifecycle_stage = ?');
      args.push(patch.lifecycle_stage);
    }
    const res = await this.#db.pool.query(
      numbered(`UPDATE ml_experiments SET ${sets.join(', ')} WHERE experiment_id = ?`),
      [...args, Number(experimentId)],
    );
    if (res.rowCount === 0) throw notFound(`No Experiment with id=${experimentId} exists`);
  }

  async setExperimentTag(experimentId: string, tag: MlTag): Promise<void> {
    await setExperimentTag(this.#db.pool, experimentId, tag);
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.#db.query('DELETE FROM ml_experiment_tags WHERE experiment_id = $1 AND key = $2', [
      Number(experimentId),
      key,
    ]);
  }

  async createRun(info: MlRunInfo, tags: readonly MlTag[]): Promise<void> {
    await this.#db.transaction(async (c) => {
      await c.query(
        `INSERT INTO ml_runs (run_id, experiment_id, run_name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          info.run_id,
          Number(info.experiment_id),
          info.run_name,
          info.user_id,
          info.status,
          info.start_time,
          info.end_time ?? null,
          info.artifact_uri,
          info.lifecycle_stage,
        ],
      );
      await this.#logBatch(c, info.run_id, { metrics: [], params: [], tags });
    });
  }

  async getRun(runId: string): Promise<MlRun | undefined> {
    return (await loadPgRuns(this.#db.pool, [runId]))[0];
  }

  async updateRun(runId: string, patch: MlRunPatch): Promise<void> {
    const sets: string[] = [];
    const args: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      sets.push(`${k} = ?`);
      args.push(v);
    }
    await this.#db.transaction(async (c) => {
      const exists = await rowsOf(c, 'SELECT 1 FROM ml_runs WHERE run_id = $1 FOR UPDATE', [runId]);
      if (exists.length === 0) throw notFound(`Run with id=${runId} not found`);
      if (sets.length > 0)
        await c.query(numbered(`UPDATE ml_runs SET ${sets.join(', ')} WHERE run_id = ?`), [...args, runId]);
      if (patch.run_name !== undefined)
        await c.query(
          `INSERT INTO ml_tags (run_id, key, value) VALUES ($1, 'mlflow.runName', $2)
           ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`,
          [runId, patch.run_name],
        );
    });
  }

  async logBatch(runId: string, batch: Parameters<TrackingStore['logBatch']>[1]): Promise<void> {
    await this.#db.transaction((c) => this.#logBatch(c, runId, batch));
  }

  async #logBatch(
    c: Queryable,
    runId: string,
    batch: Parameters<TrackingStore['logBatch']>[1],
  ): Promise<void> {
    await this.#requireRun(c, runId);
    for (const p of batch.params) {
      const [old] = await rowsOf<{ value: string }>(
        c,
        'SELECT value FROM ml_params WHERE run_id = $1 AND key = $2',
        [runId, p.key],
      );
      if (old === undefined)
        await c.query('INSERT INTO ml_params (run_id, key, value) VALUES ($1, $2, $3)', [
          runId,
          p.key,
          p.value,
        ]);
      else if (old.value !== p.value)
        // MLflow: params are immutable once logged (INVALID_PARAMETER_VALUE on a change).
        throw new MillraceError({
          code: 'mlflow/invalid-parameter-value',
          message: `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old.value}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
        });
    }
    for (const m of batch.metrics) {
      const value = Number.isNaN(m.value) ? null : m.value;
      const args = [runId, m.key, value, m.timestamp, m.step];
      await c.query(
        'INSERT INTO ml_metrics (run_id, key, value, timestamp, step) VALUES ($1, $2, $3, $4, $5)',
        args,
      );
      await c.query(UPSERT_LATEST, args);
    }
    for (const t of batch.tags) {
      await c.query(
        'INSERT INTO ml_tags (run_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
        [runId, t.key, t.value],
      );
      // MLflow keeps the run name and the `mlflow.runName` tag in step.
      if (t.key === 'mlflow.runName')
        await c.query('UPDATE ml_runs SET run_name = $1 WHERE run_id = $2', [t.value, runId]);
    }
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.#requireRun(this.#db.pool, runId);
    const res = await this.#db.pool.query('DELETE FROM ml_tags WHERE run_id = $1 AND key = $2', [runId, key]);
    if (res.rowCount === 0) throw notFound(`No tag with name: ${key} in run with id ${runId}`);
  }

  async getMetricHistory(runId: string, key: string): Promise<readonly MlMetric[]> {
    const rows = await rowsOf<MlMetric & { value: number | null }>(
      this.#db.pool,
      'SELECT key, value, timestamp, step FROM ml_metrics WHERE run_id = $1 AND key = $2 ORDER BY step, timestamp, id',
      [runId, key],
    );
    return rows.map((m) => ({ ...m, value: m.value ?? Number.NaN }));
  }

  async searchRuns(
    search: MlRunSearch,
  ): Promise<{ readonly runs: readonly MlRun[]; readonly more: boolean }> {
    if (search.experimentIds.length === 0) return { runs: [], more: false };
    const { sql, args } = runSearchSql(search);
    const ids = (await rowsOf<{ run_id: string }>(this.#db.pool, numbered(sql), args)).map((r) => r.run_id);
    const more = ids.length > search.maxResults;
    return { runs: await loadPgRuns(this.#db.pool, more ? ids.slice(0, search.maxResults) : ids), more };
  }

  async logOutputs(
    runId: string,
    models: readonly { readonly model_id: string; readonly step: number }[],
  ): Promise<void> {
    await this.#db.transaction(async (c) => {
      await this.#requireRun(c, runId);
      const [row] = await rowsOf<{ outputs: string }>(
        c,
        'SELECT outputs FROM ml_runs WHERE run_id = $1 FOR UPDATE',
        [runId],
      );
      const list = JSON.parse(row?.outputs ?? '[]') as { model_id: string; step: number }[];
      for (const m of models)
        if (!list.some((x) => x.model_id === m.model_id)) list.push({ model_id: m.model_id, step: m.step });
      await c.query('UPDATE ml_runs SET outputs = $1 WHERE run_id = $2', [JSON.stringify(list), runId]);
    });
  }

  async createLoggedModel(model: MlLoggedModel): Promise<void> {
    await this.#db.query(
      'INSERT INTO ml_logged_models (model_id, experiment_id, creation_time, body) VALUES ($1, $2, $3, $4)',
      [
        model.info.model_id,
        Number(model.info.experiment_id),
        model.info.creation_timestamp_ms,
        JSON.stringify(model),
      ],
    );
  }

  async getLoggedModel(modelId: string): Promise<MlLoggedModel | undefined> {
    const [row] = await this.#db.query<{ body: string }>(
      'SELECT body FROM ml_logged_models WHERE model_id = $1',
      [modelId],
    );
    return row ? (JSON.parse(row.body) as MlLoggedModel) : undefined;
  }

  async putLoggedModel(model: MlLoggedModel): Promise<void> {
    const res = await this.#db.pool.query('UPDATE ml_logged_models SET body = $1 WHERE model_id = $2', [
      JSON.stringify(model),
      model.info.model_id,
    ]);
    if (res.rowCount === 0) throw notFound(`Logged model with ID '${model.info.model_id}' not found.`);
  }

  async listLoggedModels(experimentIds: readonly string[]): Promise<readonly MlLoggedModel[]> {
    if (experimentIds.length === 0) return [];
    const rows = await this.#db.query<{ body: string }>(
      `SELECT body FROM ml_logged_models WHERE experiment_id = ANY($1::int[])
       ORDER BY creation_time DESC, model_id COLLATE "C"`,
      [experimentIds.map(Number)],
    );
    return rows.map((r) => JSON.parse(r.body) as MlLoggedModel);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.release();
  }
}

async function setExperimentTag(q: Queryable, experimentId: string, tag: MlTag): Promise<void> {
  await q.query(
    `INSERT INTO ml_experiment_tags (experiment_id, key, value) VALUES ($1, $2, $3)
     ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value`,
    [Number(experimentId), tag.key, tag.value],
  );
}

/** Full runs (info, latest metrics, params, tags, outputs) of the ids, in the order given; missing ids skipped. */
async function loadPgRuns(q: Queryable, ids: readonly string[]): Promise<MlRun[]> {
  if (ids.length === 0) return [];
  const rows = await rowsOf<MlRunRow>(q, 'SELECT * FROM ml_runs WHERE run_id = ANY($1::text[])', [ids]);
  const side = async <T extends { run_id: string }>(sql: string) =>
    groupByRun(await rowsOf<T>(q, sql, [ids]));
  return assembleMlRuns(ids, rows, {
    params: await side<MlKeyValueRow>(
      'SELECT run_id, key, value FROM ml_params WHERE run_id = ANY($1::text[]) ORDER BY key COLLATE "C"',
    ),
    tags: await side<MlKeyValueRow>(
      'SELECT run_id, key, value FROM ml_tags WHERE run_id = ANY($1::text[]) ORDER BY key COLLATE "C"',
    ),
    metrics: await side<MlLatestMetricRow>(
      'SELECT run_id, key, value, timestamp, step FROM ml_latest_metrics WHERE run_id = ANY($1::text[]) ORDER BY key COLLATE "C"',
    ),
  });
}

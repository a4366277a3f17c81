import type Database from 'better-sqlite3';
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
import { applyMigrations } from './apply-migrations.js';
import { attempt } from '../attempt.js';
import { openMlDatabase } from './ml-database.js';
import { loadRuns } from './sqlite-ml-runs.js';
import { runSearchSql, searchWindow } from './sqlite-run-search.js';
import { refreshSearchStatistics } from './search-statistics.js';

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

/** MLflow's "latest value" of a metric: the highest step, then the latest timestamp, then the larger value. */
const UPSERT_LATEST = `INSERT INTO ml_latest_metrics (run_id, key, value, timestamp, step) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step
  WHERE excluded.step > step OR (excluded.step = step AND excluded.timestamp > timestamp)
    OR (excluded.step = step AND excluded.timestamp = timestamp AND excluded.value > value)`;

function notFound(message: string): MillraceError {
  return new MillraceError({ code: 'mlflow/resource-does-not-exist', message });
}

/**
 * The embedded TrackingStore: `ml_*` tables (migration 5) in the project's state db, on its own WAL
 * connection. Every write is one synchronous transaction, durable before the call returns.
 */
export class SqliteTrackingStore implements TrackingStore {
  readonly #db: Database.Database;
  readonly #logBatch: (runId: string, batch: Parameters<TrackingStore['logBatch']>[1]) => void;

  constructor(path: string) {
    this.#db = openMlDatabase(path);
    applyMigrations(this.#db);
    const insertMetric = this.#db.prepare(
      'INSERT INTO ml_metrics (run_id, key, value, timestamp, step) VALUES (?, ?, ?, ?, ?)',
    );
    const upsertLatest = this.#db.prepare(UPSERT_LATEST);
    const getParam = this.#db.prepare<[string, string], { value: string }>(
      'SELECT value FROM ml_params WHERE run_id = ? AND key = ?',
    );
    const insertParam = this.#db.prepare('INSERT INTO ml_params (run_id, key, value) VALUES (?, ?, ?)');
    const upsertTag = this.#db.prepare(
      'INSERT INTO ml_tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
    );
    const renameRun = this.#db.prepare('UPDATE ml_runs SET run_name = ? WHERE run_id = ?');
    this.#logBatch = this.#db.transaction(
      (runId: string, batch: Parameters<TrackingStore['logBatch']>[1]) => {
        this.#requireRun(runId);
        for (const p of batch.params) {
          const old = getParam.get(runId, p.key);
          if (old === undefined) insertParam.run(runId, p.key, p.value);
          else if (old.value !== p.value)
            // MLflow: params are immutable once logged (INVALID_PARAMETER_VALUE on a change).
            throw new MillraceError({
              code: 'mlflow/invalid-parameter-value',
              message: `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old.value}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
            });
        }
        for (const m of batch.metrics) {
          const value = Number.isNaN(m.value) ? null : m.value;
          insertMetric.run(runId, m.key, value, m.timestamp, m.step);
          upsertLatest.run(runId, m.key, value, m.timestamp, m.step);
        }
        for (const t of batch.tags) {
          upsertTag.run(runId, t.key, t.value);
          // MLflow keeps the run name and the `mlflow.runName` tag in step.
          if (t.key === 'mlflow.runName') renameRun.run(t.value, runId);
        }
      },
    );
  }

  #requireRun(runId: string): void {
    const row = this.#db
      .prepare<[string], { lifecycle_stage: string }>('SELECT lifecycle_stage FROM ml_runs WHERE run_id = ?')
      .get(runId);
    if (!row) throw notFound(`Run with id=${runId} not found`);
    if (row.lifecycle_stage !== 'active')
      throw new MillraceError({
        code: 'mlflow/invalid-parameter-value',
        message: `The run ${runId} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
      });
  }

  #experiment(row: ExperimentRow | undefined): MlExperiment | undefined {
    if (!row) return undefined;
    const tags = this.#db
      .prepare<[number], MlTag>(
        'SELECT key, value FROM ml_experiment_tags WHERE experiment_id = ? ORDER BY key',
      )
      .all(row.experiment_id);
    return { ...row, experiment_id: String(row.experiment_id), tags };
  }

  createExperiment(input: Parameters<TrackingStore['createExperiment']>[0]): Promise<MlExperiment> {
    return attempt(() => {
      const create = this.#db.transaction(() => {
        const taken = this.#db.prepare('SELECT 1 FROM ml_experiments WHERE name = ?').get(input.name);
        if (taken)
          throw new MillraceError({
            code: 'mlflow/resource-already-exists',
            message: `Experiment(name=${input.name}) already exists.`,
          });
        const max = this.#db.prepare('SELECT MAX(experiment_id) AS m FROM ml_experiments').get() as {
          m: number | null;
        };
        // The first experiment is MLflow's `Default`, id 0.
        const id = max.m === null ? 0 : max.m + 1;
        this.#db
          .prepare(
            `INSERT INTO ml_experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
             VALUES (?, ?, ?, 'active', ?, ?)`,
          )
          .run(id, input.name, input.artifactLocation(String(id)), input.now, input.now);
        for (const t of input.tags) this.#setExperimentTag(String(id), t);
        return id;
      });
      const id = create();
      return this.getExperiment(String(id)) as Promise<MlExperiment>;
    });
  }

  getExperiment(experimentId: string): Promise<MlExperiment | undefined> {
    return attempt(() => {
      if (!/^\d+$/.test(experimentId)) return undefined;
      const row = this.#db
        .prepare<[number], ExperimentRow>('SELECT * FROM ml_experiments WHERE experiment_id = ?')
        .get(Number(experimentId));
      return this.#experiment(row);
    });
  }

  getExperimentByName(name: string): Promise<MlExperiment | undefined> {
    return attempt(() => {
      const row = this.#db
        .prepare<[string], ExperimentRow>('SELECT * FROM ml_experiments WHERE name = ?')
        .get(name);
      return this.#experiment(row);
    });
  }

  listExperiments(viewType: MlViewType): Promise<readonly MlExperiment[]> {
    return attempt(() => {
      const rows = this.#db
        .prepare<[], ExperimentRow>(
          `SELECT * FROM ml_experiments ${VIEW_SQL[viewType]} ORDER BY experiment_id`,
        )
        .all();
      return rows.map((r) => this.#experiment(r) as MlExperiment);
    });
  }

  updateExperiment(experimentId: string, patch: MlExperimentPatch): Promise<void> {
    return attempt(() => {
      const sets = ['last_update_time = ?'];
      const args: unknown[] = [patch.last_update_time];
      if (patch.name !== undefined) {
        const other = this.#db
          .prepare<[string], { experiment_id: number }>(
            'SELECT experiment_id FROM ml_experiments WHERE name = ?',
          )
          .get(patch.name);
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
      const res = this.#db
        .prepare(`UPDATE ml_experiments SET ${sets.join(', ')} WHERE experiment_id = ?`)
        .run(...args, Number(experimentId));
      if (res.changes === 0) throw notFound(`No Experiment with id=${experimentId} exists`);
    });
  }

  #setExperimentTag(experimentId: string, tag: MlTag): void {
    this.#db
      .prepare(
        `INSERT INTO ml_experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value`,
      )
      .run(Number(experimentId), tag.key, tag.value);
  }

  setExperimentTag(experimentId: string, tag: MlTag): Promise<void> {
    return attempt(() => {
      this.#setExperimentTag(experimentId, tag);
    });
  }

  deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    return attempt(() => {
      this.#db
        .prepare('DELETE FROM ml_experiment_tags WHERE experiment_id = ? AND key = ?')
        .run(Number(experimentId), key);
    });
  }

  createRun(info: MlRunInfo, tags: readonly MlTag[]): Promise<void> {
    return attempt(() => {
      this.#db.transaction(() => {
        this.#db
          .prepare(
            `INSERT INTO ml_runs (run_id, experiment_id, run_name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
             VALUES (@run_id, @experiment_id, @run_name, @user_id, @status, @start_time, @end_time, @artifact_uri, @lifecycle_stage)`,
          )
          .run({ ...info, experiment_id: Number(info.experiment_id), end_time: info.end_time ?? null });
        this.#logBatch(info.run_id, { metrics: [], params: [], tags });
      })();
    });
  }

  getRun(runId: string): Promise<MlRun | undefined> {
    return attempt(() => {
      return this.#runs([runId])[0];
    });
  }

  #runs(ids: readonly string[]): MlRun[] {
    return loadRuns(this.#db, ids);
  }

  updateRun(runId: string, patch: MlRunPatch): Promise<void> {
    return attempt(() => {
      const sets: string[] = [];
      const args: unknown[] = [];
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) continue;
        sets.push(`${k} = ?`);
        args.push(v);
      }
      this.#db.transaction(() => {
        const exists = this.#db.prepare('SELECT 1 FROM ml_runs WHERE run_id = ?').get(runId);
        if (!exists) throw notFound(`Run with id=${runId} not found`);
        if (sets.length > 0)
          this.#db.prepare(`UPDATE ml_runs SET ${sets.join(', ')} WHERE run_id = ?`).run(...args, runId);
        if (patch.run_name !== undefined)
          this.#db
            .prepare(
              `INSERT INTO ml_tags (run_id, key, value) VALUES (?, 'mlflow.runName', ?)
               ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`,
            )
            .run(runId, patch.run_name);
      })();
    });
  }

  logBatch(runId: string, batch: Parameters<TrackingStore['logBatch']>[1]): Promise<void> {
    return attempt(() => {
      this.#logBatch(runId, batch);
    });
  }

  deleteTag(runId: string, key: string): Promise<void> {
    return attempt(() => {
      this.#requireRun(runId);
      const res = this.#db.prepare('DELETE FROM ml_tags WHERE run_id = ? AND key = ?').run(runId, key);
      if (res.changes === 0) throw notFound(`No tag with name: ${key} in run with id ${runId}`);
    });
  }

  getMetricHistory(runId: string, key: string): Promise<readonly MlMetric[]> {
    return attempt(() => {
      const rows = this.#db
        .prepare<[string, string], MlMetric & { value: number | null }>(
          'SELECT key, value, timestamp, step FROM ml_metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp, rowid',
        )
        .all(runId, key);
      return rows.map((m) => ({ ...m, value: m.value ?? Number.NaN }));
    });
  }

  searchRuns(search: MlRunSearch): Promise<{ readonly runs: readonly MlRun[]; readonly more: boolean }> {
    return attempt(() => {
      if (search.experimentIds.length === 0) return { runs: [], more: false };
      refreshSearchStatistics(this.#db);
      const page = (window?: number) => {
        const { sql, args } = runSearchSql(search, window);
        return this.#db
          .prepare<unknown[], { run_id: string }>(sql)
          .all(...args)
          .map((r) => r.run_id);
      };
      // The newest runs first: a filter most runs match fills the page there (see `runSearchSql`).
      const window = searchWindow(search);
      const windowed = window === undefined ? undefined : page(window);
      const ids = windowed && windowed.length > search.maxResults ? windowed : page();
      const more = ids.length > search.maxResults;
      return { runs: this.#runs(more ? ids.slice(0, search.maxResults) : ids), more };
    });
  }

  logOutputs(
    runId: string,
    models: readonly { readonly model_id: string; readonly step: number }[],
  ): Promise<void> {
    return attempt(() => {
      this.#db.transaction(() => {
        this.#requireRun(runId);
        const row = this.#db
          .prepare<[string], { outputs: string }>('SELECT outputs FROM ml_runs WHERE run_id = ?')
          .get(runId);
        const list = JSON.parse(row?.outputs ?? '[]') as { model_id: string; step: number }[];
        for (const m of models)
          if (!list.some((x) => x.model_id === m.model_id)) list.push({ model_id: m.model_id, step: m.step });
        this.#db.prepare('UPDATE ml_runs SET outputs = ? WHERE run_id = ?').run(JSON.stringify(list), runId);
      })();
    });
  }

  createLoggedModel(model: MlLoggedModel): Promise<void> {
    return attempt(() => {
      this.#db
        .prepare(
          'INSERT INTO ml_logged_models (model_id, experiment_id, creation_time, body) VALUES (?, ?, ?, ?)',
        )
        .run(
          model.info.model_id,
          Number(model.info.experiment_id),
          model.info.creation_timestamp_ms,
          JSON.stringify(model),
        );
    });
  }

  getLoggedModel(modelId: string): Promise<MlLoggedModel | undefined> {
    return attempt(() => {
      const row = this.#db
        .prepare<[string], { body: string }>('SELECT body FROM ml_logged_models WHERE model_id = ?')
        .get(modelId);
      return row ? (JSON.parse(row.body) as MlLoggedModel) : undefined;
    });
  }

  putLoggedModel(model: MlLoggedModel): Promise<void> {
    return attempt(() => {
      const res = this.#db
        .prepare('UPDATE ml_logged_models SET body = ? WHERE model_id = ?')
        .run(JSON.stringify(model), model.info.model_id);
      if (res.changes === 0) throw notFound(`Logged model with ID '${model.info.model_id}' not found.`);
    });
  }

  listLoggedModels(experimentIds: readonly string[]): Promise<readonly MlLoggedModel[]> {
    return attempt(() => {
      if (experimentIds.length === 0) return [];
      const rows = this.#db
        .prepare<unknown[], { body: string }>(
          `SELECT body FROM ml_logged_models WHERE experiment_id IN (${experimentIds.map(() => '?').join(', ')})
           ORDER BY creation_time DESC, model_id`,
        )
        .all(...experimentIds.map(Number));
      return rows.map((r) => JSON.parse(r.body) as MlLoggedModel);
    });
  }

  close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }
}

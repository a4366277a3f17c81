/**
 * Schema migrations of the PostgreSQL state store, applied in order under an advisory lock and recorded in
 * `schema_migrations` (see `migratePg`). The tables have the SQLite store's columns (ISO-8601 UTC times as
 * TEXT, JSON as TEXT so a document keeps its key order), so both share their row mapping. Never edit a
 * shipped migration; add a new one.
 */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * ML tracking and the model registry: the SQLite store's `ml_*` tables (`sqlite/ml-migration.ts`) with
 * PostgreSQL types (epoch ms as BIGINT, metric values as DOUBLE PRECISION, serial ids where SQLite has rowid).
 */
const PG_ML_STATEMENTS: readonly string[] = [
  `CREATE TABLE ml_experiments (
    experiment_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    artifact_location TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    creation_time BIGINT NOT NULL,
    last_update_time BIGINT NOT NULL
  )`,
  `CREATE TABLE ml_experiment_tags (
    experiment_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (experiment_id, key)
  )`,
  `CREATE TABLE ml_runs (
    run_id TEXT PRIMARY KEY,
    experiment_id INTEGER NOT NULL,
    run_name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    start_time BIGINT NOT NULL,
    end_time BIGINT,
    artifact_uri TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    outputs TEXT NOT NULL DEFAULT '[]'
  )`,
  'CREATE INDEX ix_ml_runs_experiment ON ml_runs (experiment_id, lifecycle_stage, start_time, run_id)',
  `CREATE TABLE ml_params (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
  )`,
  'CREATE INDEX ix_ml_params_key ON ml_params (key, value)',
  `CREATE TABLE ml_tags (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
  )`,
  'CREATE INDEX ix_ml_tags_key ON ml_tags (key, value)',
  `CREATE TABLE ml_metrics (
    id BIGSERIAL PRIMARY KEY,
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value DOUBLE PRECISION,
    timestamp BIGINT NOT NULL,
    step BIGINT NOT NULL
  )`,
  'CREATE INDEX ix_ml_metrics_run ON ml_metrics (run_id, key, step, timestamp)',
  `CREATE TABLE ml_latest_metrics (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value DOUBLE PRECISION,
    timestamp BIGINT NOT NULL,
    step BIGINT NOT NULL,
    PRIMARY KEY (run_id, key)
  )`,
  'CREATE INDEX ix_ml_latest_metrics_key ON ml_latest_metrics (key, value)',
  `CREATE TABLE ml_logged_models (
    model_id TEXT PRIMARY KEY,
    experiment_id INTEGER NOT NULL,
    creation_time BIGINT NOT NULL,
    body TEXT NOT NULL
  )`,
  'CREATE INDEX ix_ml_logged_models_experiment ON ml_logged_models (experiment_id, creation_time)',
  `CREATE TABLE ml_registered_models (
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    creation_timestamp BIGINT NOT NULL,
    last_updated_timestamp BIGINT NOT NULL,
    description TEXT NOT NULL,
    tags TEXT NOT NULL,
    PRIMARY KEY (env, name)
  )`,
  `CREATE TABLE ml_model_versions (
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    creation_timestamp BIGINT NOT NULL,
    last_updated_timestamp BIGINT NOT NULL,
    current_stage TEXT NOT NULL,
    description TEXT NOT NULL,
    source TEXT NOT NULL,
    storage_location TEXT NOT NULL,
    run_id TEXT NOT NULL,
    status TEXT NOT NULL,
    model_id TEXT,
    tags TEXT NOT NULL,
    PRIMARY KEY (env, name, version)
  )`,
  `CREATE TABLE ml_model_aliases (
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    alias TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (env, name, alias)
  )`,
  `CREATE TABLE ml_alias_history (
    id BIGSERIAL PRIMARY KEY,
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    alias TEXT NOT NULL,
    version INTEGER,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    detail TEXT
  )`,
  'CREATE INDEX ix_ml_alias_history_model ON ml_alias_history (env, name, id)',
  `CREATE TABLE ml_promotions (
    id TEXT PRIMARY KEY,
    target_env TEXT NOT NULL,
    name TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    body TEXT NOT NULL
  )`,
  'CREATE INDEX ix_ml_promotions_target ON ml_promotions (target_env, name, requested_at)',
];

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'runs, activity runs, triggers, api tokens, audit log',
    statements: [
      `CREATE TABLE pipeline_runs (
        run_id TEXT PRIMARY KEY,
        pipeline TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT,
        parameters TEXT NOT NULL,
        variables TEXT NOT NULL,
        output TEXT NOT NULL,
        group_id TEXT NOT NULL,
        invoked_by TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        owner TEXT,
        interrupted INTEGER NOT NULL DEFAULT 0,
        environment TEXT
      )`,
      'CREATE INDEX ix_pipeline_runs_queued_id ON pipeline_runs (queued_at, run_id)',
      'CREATE INDEX ix_pipeline_runs_pipeline_queued_id ON pipeline_runs (pipeline, queued_at, run_id)',
      'CREATE INDEX ix_pipeline_runs_status_queued_id ON pipeline_runs (status, queued_at, run_id)',
      `CREATE TABLE activity_runs (
        activity_run_id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES pipeline_runs (run_id),
        seq INTEGER NOT NULL,
        activity_name TEXT NOT NULL,
        activity_type TEXT NOT NULL,
        status TEXT NOT NULL,
        iteration TEXT,
        attempt INTEGER NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT,
        input TEXT,
        output TEXT,
        error TEXT,
        reused_from TEXT,
        marked_as TEXT
      )`,
      'CREATE INDEX ix_activity_runs_run ON activity_runs (run_id, seq)',
      `CREATE TABLE trigger_states (
        trigger_name TEXT PRIMARY KEY,
        runtime_state TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        last_scheduled_time TEXT
      )`,
      `CREATE TABLE trigger_runs (
        trigger_name TEXT NOT NULL,
        run_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        status TEXT NOT NULL,
        run_id TEXT,
        trigger_run_id TEXT,
        attempt INTEGER NOT NULL,
        scheduled_time TEXT NOT NULL,
        window_start TEXT,
        window_end TEXT,
        payload TEXT,
        fired_at TEXT,
        ended_at TEXT,
        next_attempt_at TEXT,
        message TEXT,
        PRIMARY KEY (trigger_name, run_key)
      )`,
      'CREATE INDEX ix_trigger_runs_status ON trigger_runs (status, trigger_name)',
      'CREATE INDEX ix_trigger_runs_scheduled ON trigger_runs (trigger_name, scheduled_time)',
      `CREATE TABLE trigger_blob_watermarks (
        trigger_name TEXT PRIMARY KEY,
        baseline_at TEXT NOT NULL,
        polled_at TEXT NOT NULL
      )`,
      `CREATE TABLE trigger_blob_snapshot (
        trigger_name TEXT NOT NULL,
        path TEXT NOT NULL,
        size BIGINT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (trigger_name, path)
      )`,
      `CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      )`,
      `CREATE TABLE audit_log (
        id BIGSERIAL PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT
      )`,
      'CREATE INDEX ix_audit_log_at ON audit_log (at)',
    ],
  },
  {
    version: 2,
    name: 'ml tracking and model registry',
    statements: PG_ML_STATEMENTS,
  },
  {
    version: 3,
    name: 'run leases: last heartbeat of the owner',
    statements: ['ALTER TABLE pipeline_runs ADD COLUMN heartbeat_at TEXT'],
  },
  {
    version: 4,
    name: 'work queue (activity attempts for workers, their logs) and activity logs',
    statements: [
      // One row per activity attempt sent to a worker (id = the attempt's activity run id); `seq` keeps FIFO.
      `CREATE TABLE work_items (
        id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
        queue TEXT NOT NULL,
        dispatcher TEXT NOT NULL,
        run_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        worker TEXT,
        lease_expires_at TIMESTAMPTZ,
        cancel_requested BOOLEAN NOT NULL DEFAULT false,
        result TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
      "CREATE INDEX ix_work_items_queued ON work_items (queue, seq) WHERE status = 'queued'",
      "CREATE INDEX ix_work_items_dispatcher ON work_items (dispatcher) WHERE status <> 'queued'",
      "CREATE INDEX ix_work_items_worker ON work_items (worker) WHERE status = 'running'",
      `CREATE TABLE work_logs (
        seq BIGSERIAL PRIMARY KEY,
        item_id TEXT NOT NULL,
        dispatcher TEXT NOT NULL,
        line TEXT NOT NULL
      )`,
      'CREATE INDEX ix_work_logs_dispatcher ON work_logs (dispatcher, seq)',
      // Activity logs: every server reads and follows any run's log (one row per line, in the order logged).
      `CREATE TABLE activity_logs (
        seq BIGSERIAL PRIMARY KEY,
        run_id TEXT NOT NULL,
        activity_run_id TEXT NOT NULL,
        line TEXT NOT NULL
      )`,
      'CREATE INDEX ix_activity_logs_run ON activity_logs (run_id, seq)',
    ],
  },
];

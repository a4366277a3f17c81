/**
 * Migration 4: ML tracking and the model registry, in the same state db as runs. Times are epoch ms
 * (INTEGER), as MLflow's own schema keeps them. Metric history is one row per logged value;
 * `ml_latest_metrics` holds the value search and `get-run` show (MLflow's rule: highest step, then
 * timestamp). The registry is keyed by environment name: each environment has its own registry.
 */
export const ML_MIGRATION_STATEMENTS: readonly string[] = [
  `CREATE TABLE ml_experiments (
    experiment_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    artifact_location TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    last_update_time INTEGER NOT NULL
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
    start_time INTEGER NOT NULL,
    end_time INTEGER,
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
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value REAL,
    timestamp INTEGER NOT NULL,
    step INTEGER NOT NULL
  )`,
  'CREATE INDEX ix_ml_metrics_run ON ml_metrics (run_id, key, step, timestamp)',
  `CREATE TABLE ml_latest_metrics (
    run_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value REAL,
    timestamp INTEGER NOT NULL,
    step INTEGER NOT NULL,
    PRIMARY KEY (run_id, key)
  )`,
  'CREATE INDEX ix_ml_latest_metrics_key ON ml_latest_metrics (key, value)',
  `CREATE TABLE ml_logged_models (
    model_id TEXT PRIMARY KEY,
    experiment_id INTEGER NOT NULL,
    creation_time INTEGER NOT NULL,
    body TEXT NOT NULL
  )`,
  'CREATE INDEX ix_ml_logged_models_experiment ON ml_logged_models (experiment_id, creation_time)',
  `CREATE TABLE ml_registered_models (
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    creation_timestamp INTEGER NOT NULL,
    last_updated_timestamp INTEGER NOT NULL,
    description TEXT NOT NULL,
    tags TEXT NOT NULL,
    PRIMARY KEY (env, name)
  )`,
  `CREATE TABLE ml_model_versions (
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    creation_timestamp INTEGER NOT NULL,
    last_updated_timestamp INTEGER NOT NULL,
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
    id INTEGER PRIMARY KEY,
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    alias TEXT NOT NULL,
    version INTEGER,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    detail TEXT
  )`,
  'CREATE INDEX ix_ml_alias_history_model ON ml_alias_history (env, name, id)',
  `CREATE TABLE ml_promotions (
    id TEXT PRIMARY KEY,
    target_env TEXT NOT NULL,
    name TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    body TEXT NOT NULL
  )`,
  'CREATE INDEX ix_ml_promotions_target ON ml_promotions (target_env, name, requested_at)',
];

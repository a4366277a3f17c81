import { ML_MIGRATION_STATEMENTS } from './ml-migration.js';

/**
 * Schema migrations of the run store, applied in order and recorded in `schema_migrations`. Portable SQL
 * only (it must also run on PostgreSQL): TEXT JSON columns, ISO-8601 UTC timestamps as TEXT, INTEGER flags.
 * Never edit a shipped migration; add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'pipeline and activity runs',
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
        interrupted INTEGER NOT NULL DEFAULT 0
      )`,
      'CREATE INDEX ix_pipeline_runs_queued ON pipeline_runs (queued_at)',
      'CREATE INDEX ix_pipeline_runs_pipeline ON pipeline_runs (pipeline, queued_at)',
      'CREATE INDEX ix_pipeline_runs_status ON pipeline_runs (status)',
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
        reused_from TEXT
      )`,
      'CREATE INDEX ix_activity_runs_run ON activity_runs (run_id, seq)',
    ],
  },
  {
    version: 2,
    name: 'trigger state',
    statements: [
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
        size INTEGER NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (trigger_name, path)
      )`,
    ],
  },
  {
    version: 3,
    name: 'api tokens, audit log, run list indexes',
    statements: [
      `CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      )`,
      `CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT
      )`,
      'CREATE INDEX ix_audit_log_at ON audit_log (at)',
      // Listing runs sorts by (queued_at, run_id): these serve each filter without a sort step.
      'CREATE INDEX ix_pipeline_runs_queued_id ON pipeline_runs (queued_at, run_id)',
      'CREATE INDEX ix_pipeline_runs_pipeline_queued_id ON pipeline_runs (pipeline, queued_at, run_id)',
      'CREATE INDEX ix_pipeline_runs_status_queued_id ON pipeline_runs (status, queued_at, run_id)',
      'CREATE INDEX ix_pipeline_runs_pipeline_status_queued_id ON pipeline_runs (pipeline, status, queued_at, run_id)',
    ],
  },
  {
    version: 4,
    name: 'status an inactive activity is marked as',
    statements: ['ALTER TABLE activity_runs ADD COLUMN marked_as TEXT'],
  },
  {
    version: 5,
    name: 'ml tracking and model registry',
    statements: ML_MIGRATION_STATEMENTS,
  },
  {
    version: 6,
    name: 'environment a run ran in',
    statements: ['ALTER TABLE pipeline_runs ADD COLUMN environment TEXT'],
  },
  {
    version: 7,
    name: 'run leases: last heartbeat of the owner',
    statements: ['ALTER TABLE pipeline_runs ADD COLUMN heartbeat_at TEXT'],
  },
];

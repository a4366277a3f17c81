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
];

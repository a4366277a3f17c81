import type Database from 'better-sqlite3';

/** The tables a run search joins: their statistics decide where SQLite's planner starts. */
const SEARCH_TABLES = ['ml_runs', 'ml_latest_metrics', 'ml_params', 'ml_tags'] as const;

/** Below this many rows any plan is fast, so statistics are not worth gathering. */
const MIN_ROWS = 1_000;

/**
 * Keeps SQLite's planner statistics (`sqlite_stat1`, and `sqlite_stat4` samples of the (key, value)
 * indexes, which tell how many runs `metrics.rmse < 0.01` matches against how many `params.alpha = '0.3'`
 * does) fresh for the tables a run search joins: `ANALYZE <table>` when the table was never analyzed or has
 * doubled since. Without them SQLite assumes every index is equally selective and can start a search
 * from the least selective side (https://www.sqlite.org/queryplanner-ng.html#howtofix). Doubling keeps
 * the total cost of analysis proportional to the rows written. The row count is `max(rowid)`, an index
 * lookup; these tables only grow (runs are soft-deleted).
 */
export function refreshSearchStatistics(db: Database.Database): void {
  const hasStats = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get() !== undefined;
  for (const table of SEARCH_TABLES) {
    const rows = db.prepare<[], { n: number | null }>(`SELECT max(rowid) AS n FROM ${table}`).get()?.n ?? 0;
    if (rows < MIN_ROWS) continue;
    const stat = hasStats
      ? db
          .prepare<[string], { stat: string }>('SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1')
          .get(table)?.stat
      : undefined;
    const analyzed = stat === undefined ? 0 : Number.parseInt(stat, 10);
    if (rows >= analyzed * 2) db.exec(`ANALYZE ${table}`);
  }
}

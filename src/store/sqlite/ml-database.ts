import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens a connection to the state db for the ML stores: WAL, a busy timeout, and case-sensitive LIKE
 * (MLflow's `LIKE` is case-sensitive; `ILIKE` is the insensitive one).
 */
export function openMlDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('case_sensitive_like = ON');
  return db;
}

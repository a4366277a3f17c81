import type Database from 'better-sqlite3';
import { MIGRATIONS, MIGRATIONS_TABLE_SQL } from './migrations.js';
import type { Migration } from './migrations.js';

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own `BEGIN IMMEDIATE`
 * transaction that first checks the record again: processes opening a new state file at once (servers
 * sharing a project) take turns on SQLite's write lock, and only the first applies a migration.
 */
export function applyMigrations(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  db.exec(MIGRATIONS_TABLE_SQL);
  const isDone = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (isDone.get(m.version)) continue;
    const ran = db
      .transaction(() => {
        if (isDone.get(m.version)) return false;
        for (const sql of m.statements) db.exec(sql);
        record.run(m.version, m.name, new Date().toISOString());
        return true;
      })
      .immediate();
    if (ran) applied.push(m.version);
  }
  return applied;
}

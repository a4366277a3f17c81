import type Database from 'better-sqlite3';
import type { MlAliasEvent, MlPromotion } from '../../contracts/index.js';

interface AliasRow {
  alias: string;
  version: number | null;
  at: number;
  actor: string;
  detail: string | null;
}

/** Every move of a model's aliases in an environment, oldest first. */
export function readAliasHistory(db: Database.Database, env: string, name: string): MlAliasEvent[] {
  const rows = db
    .prepare<[string, string], AliasRow>(
      'SELECT alias, version, at, actor, detail FROM ml_alias_history WHERE env = ? AND name = ? ORDER BY id',
    )
    .all(env, name);
  return rows.map((r) => ({
    alias: r.alias,
    ...(r.version === null ? {} : { version: String(r.version) }),
    at: r.at,
    actor: r.actor,
    ...(r.detail === null ? {} : { detail: r.detail }),
  }));
}

/** Inserts or replaces a promotion record (`ml_promotions`, the record as JSON). */
export function writePromotion(db: Database.Database, p: MlPromotion): void {
  db.prepare(
    `INSERT INTO ml_promotions (id, target_env, name, requested_at, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET body = excluded.body`,
  ).run(p.id, p.targetEnv, p.name, p.requestedAt, JSON.stringify(p));
}

/** Promotions into an environment (of one model, or all), oldest first. */
export function readPromotions(db: Database.Database, targetEnv: string, name?: string): MlPromotion[] {
  const where = name === undefined ? '' : ' AND name = ?';
  const args = name === undefined ? [targetEnv] : [targetEnv, name];
  return db
    .prepare<string[], { body: string }>(
      `SELECT body FROM ml_promotions WHERE target_env = ?${where} ORDER BY requested_at, id`,
    )
    .all(...args)
    .map((r) => JSON.parse(r.body) as MlPromotion);
}

import type pg from 'pg';
import type { MlAliasEvent, MlPromotion } from '../../contracts/index.js';
import { numbered } from './pg-tracking-store.js';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** One row (or undefined) of a `?`-placeholder query. */
export async function one<R extends pg.QueryResultRow>(
  q: Queryable,
  sql: string,
  ...args: unknown[]
): Promise<R | undefined> {
  return (await q.query<R>(numbered(sql), args)).rows[0];
}

/** Every row of a `?`-placeholder query. */
export async function all<R extends pg.QueryResultRow>(
  q: Queryable,
  sql: string,
  ...args: unknown[]
): Promise<R[]> {
  return (await q.query<R>(numbered(sql), args)).rows;
}

/** Runs a `?`-placeholder statement; returns the rows it changed. */
export async function run(q: Queryable, sql: string, ...args: unknown[]): Promise<number> {
  return (await q.query(numbered(sql), args)).rowCount ?? 0;
}

/** Every move of a model's aliases in an environment, oldest first. */
export async function readAliasHistory(
  q: Queryable,
  env: string,
  name: string,
): Promise<readonly MlAliasEvent[]> {
  const rows = await all<{
    alias: string;
    version: number | null;
    at: number;
    actor: string;
    detail: string | null;
  }>(
    q,
    'SELECT alias, version, at, actor, detail FROM ml_alias_history WHERE env = ? AND name = ? ORDER BY id',
    env,
    name,
  );
  return rows.map((r) => ({
    alias: r.alias,
    ...(r.version === null ? {} : { version: String(r.version) }),
    at: r.at,
    actor: r.actor,
    ...(r.detail === null ? {} : { detail: r.detail }),
  }));
}

/** Inserts or replaces a promotion record (`ml_promotions`, the record as JSON). */
export async function writePromotion(q: Queryable, p: MlPromotion): Promise<void> {
  await run(
    q,
    `INSERT INTO ml_promotions (id, target_env, name, requested_at, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body`,
    p.id,
    p.targetEnv,
    p.name,
    p.requestedAt,
    JSON.stringify(p),
  );
}

/** Promotions into an environment (of one model, or all), oldest first. */
export async function readPromotions(
  q: Queryable,
  targetEnv: string,
  name?: string,
): Promise<readonly MlPromotion[]> {
  const rows =
    name === undefined
      ? await all<{ body: string }>(
          q,
          'SELECT body FROM ml_promotions WHERE target_env = ? ORDER BY requested_at, id COLLATE "C"',
          targetEnv,
        )
      : await all<{ body: string }>(
          q,
          'SELECT body FROM ml_promotions WHERE target_env = ? AND name = ? ORDER BY requested_at, id COLLATE "C"',
          targetEnv,
          name,
        );
  return rows.map((r) => JSON.parse(r.body) as MlPromotion);
}

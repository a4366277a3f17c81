import type pg from 'pg';
import { MillraceError } from '../../errors/index.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import type { PgMigration } from './pg-migrations.js';

/** Where Millrace keeps its state on PostgreSQL. */
export interface PgDatabaseOptions {
  /**
   * `postgres://user:password@host:port/database`; a `schema` query parameter (default `public`) names the
   * schema that holds Millrace's tables (created when missing), every other parameter goes to the driver.
   */
  readonly url: string;
  /** Overrides the URL's `schema`. */
  readonly schema?: string;
  /** Connections of the pool; default 10. */
  readonly max?: number;
  /** Migrations to apply (tests); default the store's own. */
  readonly migrations?: readonly PgMigration[];
}

/** PostgreSQL's type oid of BIGINT (`pg_type`). */
const INT8_OID = 20;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The URL with its password replaced by `***`, for messages. Never throws. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The driver settings and the schema of a state database URL. */
export function parseDatabaseUrl(
  url: string,
  schemaOverride?: string,
): { readonly connectionString: string; readonly schema: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // The text may hold a password: never repeat it.
    throw new MillraceError({
      code: 'store/invalid-database-url',
      message: 'the state database must be a postgres:// URL (postgres://user@host:5432/database)',
    });
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new MillraceError({
      code: 'store/invalid-database-url',
      message: `the state database must be a postgres:// URL, not ${u.protocol}//…`,
    });
  }
  const schema = schemaOverride ?? u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!IDENTIFIER.test(schema)) {
    throw new MillraceError({
      code: 'store/invalid-database-url',
      message: `schema ${JSON.stringify(schema)} of the state database must be a plain identifier (letters, digits, _)`,
    });
  }
  return { connectionString: u.toString(), schema };
}

function unreachable(url: string, err: unknown): MillraceError {
  const e = err as { code?: string; message?: string };
  const reason = [e.code, e.message?.split('\n')[0]].filter(Boolean).join(' ');
  return new MillraceError({
    code: 'store/database-unreachable',
    message: `cannot reach the state database ${redactDatabaseUrl(url)}: ${reason || 'connection failed'}`,
    cause: err,
  });
}

/**
 * One PostgreSQL state database: a pool whose connections use the Millrace schema, shared by the run, trigger
 * and access stores of a process (each holds a reference; the pool ends with the last `release`).
 */
export class PgDatabase {
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly #connectionString: string;
  readonly #pg: typeof pg;
  #refs = 1;

  readonly #onEnd: () => void;

  constructor(
    driver: typeof pg,
    connectionString: string,
    schema: string,
    max: number,
    onEnd = () => undefined,
  ) {
    this.#pg = driver;
    this.#onEnd = onEnd;
    this.#connectionString = connectionString;
    this.schema = schema;
    this.pool = new driver.Pool({
      connectionString,
      max,
      // BIGINT columns hold epoch ms, counts and sizes: numbers, exact up to 2^53.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (v: string) => Number(v)
            : (driver.types.getTypeParser(oid, format ?? 'text') as (
                v: string,
              ) => unknown)) as typeof driver.types.getTypeParser,
      },
      connectionTimeoutMillis: 10_000,
      options: `-c search_path=${schema}`,
    });
    // An idle client that loses its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** A query on any pooled connection; returns the rows. */
  async query<R>(sql: string, args: readonly unknown[] = []): Promise<R[]> {
    return (await this.pool.query(sql, args as unknown[])).rows as R[];
  }

  /** Runs `body` in one transaction on one connection (rolled back when it throws). */
  async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await body(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** A connection of its own, outside the pool (a session-level advisory lock lives as long as it). */
  async dedicatedClient(applicationName?: string): Promise<pg.Client> {
    const client = new this.#pg.Client({
      connectionString: this.#connectionString,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      options: `-c search_path=${this.schema}`,
      ...(applicationName === undefined ? {} : { application_name: applicationName }),
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  /** Another holder of the pool (each calls `release` once). */
  retain(): this {
    this.#refs++;
    return this;
  }

  /** False once the last holder released it (the pool is ending). */
  get alive(): boolean {
    return this.#refs > 0;
  }

  async release(): Promise<void> {
    if (--this.#refs !== 0) return;
    this.#onEnd();
    await this.pool.end();
  }
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction, while holding
 * a session-level advisory lock keyed by the schema: processes starting at once take turns, and the later ones
 * find the work done. Returns the versions this call applied.
 */
export async function migratePg(
  db: PgDatabase,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number[]> {
  const client = await db.pool.connect();
  const key = `millrace:migrate:${db.schema}`;
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${db.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        try {
          await client.query('BEGIN');
          for (const sql of m.statements) await client.query(sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [m.version, m.name, new Date().toISOString()],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MillraceError({
            code: 'store/migration-failed',
            message: `migration ${m.version} (${m.name}) of schema ${db.schema} failed: ${(err as Error).message}`,
            cause: err,
          });
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
  return applied;
}

/**
 * Connects to a PostgreSQL state database and brings its schema up to date (see `migratePg`). Fails with
 * `store/database-unreachable` (the URL shown without its password) when it cannot connect.
 */
export async function openPgDatabase(
  options: PgDatabaseOptions,
): Promise<{ readonly db: PgDatabase; readonly applied: readonly number[] }> {
  const { connectionString, schema } = parseDatabaseUrl(options.url, options.schema);
  // The stores of one process share one pool per database and schema (a server opens seven stores; one pool of
  // ten connections serves them all). Tests that bring their own migrations get a pool of their own.
  const key = options.migrations === undefined ? `${connectionString}\u0000${schema}` : undefined;
  const shared = key === undefined ? undefined : SHARED.get(key);
  if (shared) {
    const db = await shared.catch(() => undefined);
    if (db?.alive) return { db: db.retain(), applied: [] };
  }
  let applied: number[] = [];
  const opening = (async () => {
    const driver = (await import('pg')).default;
    const db = new PgDatabase(driver, connectionString, schema, options.max ?? 10, () => {
      if (key !== undefined && SHARED.get(key) === opening) SHARED.delete(key);
    });
    try {
      await db.query('SELECT 1');
    } catch (err) {
      await db.pool.end().catch(() => undefined);
      throw unreachable(options.url, err);
    }
    try {
      applied = await migratePg(db, options.migrations);
      return db;
    } catch (err) {
      await db.pool.end().catch(() => undefined);
      throw err;
    }
  })();
  if (key !== undefined) SHARED.set(key, opening);
  try {
    return { db: await opening, applied };
  } catch (err) {
    if (key !== undefined && SHARED.get(key) === opening) SHARED.delete(key);
    throw err;
  }
}

/** The pools of this process, by connection string and schema (see `openPgDatabase`). */
const SHARED = new Map<string, Promise<PgDatabase>>();

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AccessStore, ApiRole, ApiTokenRecord, AuditEntry, AuditQuery } from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import { applyMigrations } from './apply-migrations.js';
import { fromIso, toIso } from './sqlite-rows.js';

interface TokenRow {
  name: string;
  role: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

interface AuditRow {
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: string | null;
}

/**
 * The embedded AccessStore: tables `api_tokens` and `audit_log` (migration 3) in the run store's SQLite file,
 * on its own connection (WAL). Writes are synchronous, so an audit entry is durable before the response.
 */
export class SqliteAccessStore implements AccessStore {
  readonly #db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('journal_mode = WAL');
    applyMigrations(this.#db);
  }

  insertToken(r: ApiTokenRecord): Promise<void> {
    const taken = this.#db.prepare('SELECT 1 FROM api_tokens WHERE name = ?').get(r.name);
    if (taken) {
      return Promise.reject(
        new MillraceError({
          code: 'auth/duplicate-token',
          message: `a token named ${r.name} exists already`,
        }),
      );
    }
    this.#db
      .prepare(
        'INSERT INTO api_tokens (name, role, token_hash, created_at, last_used_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        r.name,
        r.role,
        r.tokenHash,
        toIso(r.createdAt),
        r.lastUsedAt === undefined ? null : toIso(r.lastUsedAt),
      );
    return Promise.resolve();
  }

  listTokens(): Promise<readonly ApiTokenRecord[]> {
    const rows = this.#db.prepare('SELECT * FROM api_tokens ORDER BY name').all() as TokenRow[];
    return Promise.resolve(
      rows.map((r) => ({
        name: r.name,
        role: r.role as ApiRole,
        tokenHash: r.token_hash,
        createdAt: fromIso(r.created_at),
        ...(r.last_used_at === null ? {} : { lastUsedAt: fromIso(r.last_used_at) }),
      })),
    );
  }

  deleteToken(name: string): Promise<boolean> {
    return Promise.resolve(this.#db.prepare('DELETE FROM api_tokens WHERE name = ?').run(name).changes > 0);
  }

  touchToken(name: string, at: number): Promise<void> {
    this.#db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE name = ?').run(toIso(at), name);
    return Promise.resolve();
  }

  appendAudit(e: AuditEntry): Promise<void> {
    this.#db
      .prepare('INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)')
      .run(toIso(e.at), e.actor, e.action, e.target, e.detail ?? null);
    return Promise.resolve();
  }

  listAudit(query: AuditQuery = {}): Promise<{ entries: readonly AuditEntry[]; total: number }> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.action !== undefined) {
      where.push('action = ?');
      args.push(query.action);
    }
    if (query.actor !== undefined) {
      where.push('actor = ?');
      args.push(query.actor);
    }
    if (query.since !== undefined) {
      where.push('at >= ?');
      args.push(toIso(query.since));
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.#db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${clause}`).get(...args) as { n: number }
    ).n;
    const rows = this.#db
      .prepare(`SELECT * FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, Math.min(query.limit ?? 100, 1000), query.offset ?? 0) as AuditRow[];
    const entries = rows.map((r) => ({
      at: fromIso(r.at),
      actor: r.actor,
      action: r.action,
      target: r.target,
      ...(r.detail === null ? {} : { detail: r.detail }),
    }));
    return Promise.resolve({ entries, total });
  }

  close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }
}

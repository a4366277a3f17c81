import type { AccessStore, ApiRole, ApiTokenRecord, AuditEntry, AuditQuery } from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import { fromIso, toIso } from '../sqlite/sqlite-rows.js';
import type { PgDatabase } from './pg-database.js';

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

/** PostgreSQL's unique_violation (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const UNIQUE_VIOLATION = '23505';

/** The AccessStore on PostgreSQL: API tokens and the audit log shared by every server on one database. */
export class PgAccessStore implements AccessStore {
  readonly #db: PgDatabase;
  #closed = false;

  constructor(db: PgDatabase) {
    this.#db = db;
  }

  async insertToken(r: ApiTokenRecord): Promise<void> {
    try {
      await this.#db.query(
        'INSERT INTO api_tokens (name, role, token_hash, created_at, last_used_at) VALUES ($1, $2, $3, $4, $5)',
        [
          r.name,
          r.role,
          r.tokenHash,
          toIso(r.createdAt),
          r.lastUsedAt === undefined ? null : toIso(r.lastUsedAt),
        ],
      );
    } catch (err) {
      const e = err as { code?: string; constraint?: string };
      if (e.code === UNIQUE_VIOLATION && e.constraint === 'api_tokens_pkey') {
        throw new MillraceError({
          code: 'auth/duplicate-token',
          message: `a token named ${r.name} exists already`,
          cause: err,
        });
      }
      throw err;
    }
  }

  async listTokens(): Promise<readonly ApiTokenRecord[]> {
    const rows = await this.#db.query<TokenRow>('SELECT * FROM api_tokens ORDER BY name COLLATE "C"');
    return rows.map((r) => ({
      name: r.name,
      role: r.role as ApiRole,
      tokenHash: r.token_hash,
      createdAt: fromIso(r.created_at),
      ...(r.last_used_at === null ? {} : { lastUsedAt: fromIso(r.last_used_at) }),
    }));
  }

  async deleteToken(name: string): Promise<boolean> {
    return (await this.#db.query('DELETE FROM api_tokens WHERE name = $1 RETURNING name', [name])).length > 0;
  }

  async touchToken(name: string, at: number): Promise<void> {
    await this.#db.query('UPDATE api_tokens SET last_used_at = $1 WHERE name = $2', [toIso(at), name]);
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.#db.query(
      'INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)',
      [toIso(e.at), e.actor, e.action, e.target, e.detail ?? null],
    );
  }

  async listAudit(query: AuditQuery = {}): Promise<{ entries: readonly AuditEntry[]; total: number }> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown): string => {
      args.push(v);
      return `$${args.length}`;
    };
    if (query.action !== undefined) where.push(`action = ${arg(query.action)}`);
    if (query.actor !== undefined) where.push(`actor = ${arg(query.actor)}`);
    if (query.since !== undefined) where.push(`at >= ${arg(toIso(query.since))}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.#db.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM audit_log ${clause}`,
      args,
    );
    const rows = await this.#db.query<AuditRow>(
      `SELECT * FROM audit_log ${clause} ORDER BY at DESC, id DESC
       LIMIT ${arg(Math.min(query.limit ?? 100, 1000))} OFFSET ${arg(query.offset ?? 0)}`,
      args,
    );
    const entries = rows.map((r) => ({
      at: fromIso(r.at),
      actor: r.actor,
      action: r.action,
      target: r.target,
      ...(r.detail === null ? {} : { detail: r.detail }),
    }));
    return { entries, total: Number(count?.n ?? 0) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.release();
  }
}

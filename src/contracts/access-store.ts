/** Roles of API tokens, weakest first: each role may do everything the roles before it may. */
export const ApiRole = {
  reader: 'reader',
  operator: 'operator',
  deployer: 'deployer',
  admin: 'admin',
} as const;
export type ApiRole = (typeof ApiRole)[keyof typeof ApiRole];

/** One API token as stored: never the token itself, only its sha256 (hex). Times are epoch ms. */
export interface ApiTokenRecord {
  readonly name: string;
  readonly role: ApiRole;
  readonly tokenHash: string;
  readonly createdAt: number;
  readonly lastUsedAt?: number;
}

/** One audit log entry: who (token name, or `cli`), did what, to what, when. */
export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  /** `run.start`, `run.cancel`, `run.rerun`, `secret.write`, `token.create`, `token.revoke`, `deploy`. */
  readonly action: string;
  /** What the action was about: a pipeline, a run id, a secret name, a token name. */
  readonly target: string;
  /** Extra facts (run id of a started run, environment of a secret); never a secret value. */
  readonly detail?: string;
}

/** Filters and pagination of `listAudit`, newest first. */
export interface AuditQuery {
  readonly action?: string;
  readonly actor?: string;
  readonly since?: number;
  /** Page size; default 100, at most 1000. */
  readonly limit?: number;
  readonly offset?: number;
}

/** Durable API tokens and audit log of a server (SQLite default, next to the run store; PostgreSQL with `--db`). */
export interface AccessStore {
  /** Inserts a token; fails with `auth/duplicate-token` when the name is taken. */
  insertToken(record: ApiTokenRecord): Promise<void>;
  listTokens(): Promise<readonly ApiTokenRecord[]>;
  /** Deletes a token by name; false when there is none. */
  deleteToken(name: string): Promise<boolean>;
  touchToken(name: string, at: number): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query?: AuditQuery): Promise<{ readonly entries: readonly AuditEntry[]; readonly total: number }>;
  close(): Promise<void>;
}

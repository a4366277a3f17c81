import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { openProjectAccessStore } from './run-store.js';
import type { ProjectOptions } from '../config/index.js';
import { configOf } from '../config/index.js';
import type { AccessStore, ApiRole, AuditEntry, AuditQuery } from '../contracts/index.js';
import { ApiRole as Roles } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';

/** Options of `openAccess`. */
export interface OpenAccessOptions extends ProjectOptions {
  /* Tokens and the audit log live in the project's state db (`<project>/.millrace/state.db`). */
  /** Another store (tests). */
  readonly store?: AccessStore;
  /** Clock for created/last-used/audit times (epoch ms). Default `Date.now`. */
  readonly now?: () => number;
}

/** An API token as listed: never the token itself. */
export interface ApiTokenSummary {
  readonly name: string;
  readonly role: ApiRole;
  readonly createdAt: number;
  readonly lastUsedAt?: number;
}

/** A token just created: `token` is shown this once and stored only as its sha256. */
export interface CreatedApiToken extends ApiTokenSummary {
  readonly token: string;
}

/** The caller a bearer token identifies. */
export interface ApiPrincipal {
  readonly name: string;
  readonly role: ApiRole;
}

/** API tokens and the audit log of a project (`millrace tokens`, the server's auth). */
export interface AccessAdmin {
  createToken(name: string, role: string, actor?: string): Promise<CreatedApiToken>;
  listTokens(): Promise<readonly ApiTokenSummary[]>;
  revokeToken(name: string, actor?: string): Promise<boolean>;
  /** The token's owner, or undefined for an unknown token. Hashes compare in constant time. */
  authenticate(token: string): Promise<ApiPrincipal | undefined>;
  audit(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  listAudit(query?: AuditQuery): Promise<{ readonly entries: readonly AuditEntry[]; readonly total: number }>;
  close(): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** `last used` is written at most this often per token, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;
const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Opens the API tokens and audit log of a project. */
export async function openAccess(options: OpenAccessOptions = {}): Promise<AccessAdmin> {
  let store = options.store;
  if (!store) {
    store = await openProjectAccessStore(await configOf(options));
  }
  return createAccessAdmin(store, options.now ?? Date.now);
}

/** The AccessAdmin over a store. */
export function createAccessAdmin(store: AccessStore, now: () => number): AccessAdmin {
  const touched = new Map<string, number>();
  return {
    async createToken(name, role, actor = 'cli') {
      if (!NAME.test(name)) {
        throw new ConfigError({
          code: 'auth/invalid-token-name',
          message: `token name ${JSON.stringify(name)}: use 1-64 letters, digits, dot, dash or underscore`,
        });
      }
      if (!Object.values<string>(Roles).includes(role)) {
        throw new ConfigError({
          code: 'auth/invalid-role',
          message: `role ${JSON.stringify(role)}: expected one of ${Object.values(Roles).join(', ')}`,
        });
      }
      const token = `mr_${randomBytes(32).toString('base64url')}`;
      const createdAt = now();
      const r = role as ApiRole;
      await store.insertToken({ name, role: r, tokenHash: sha256(token).toString('hex'), createdAt });
      await store.appendAudit({ at: createdAt, actor, action: 'token.create', target: name, detail: role });
      return { name, role: r, createdAt, token };
    },
    async listTokens() {
      return (await store.listTokens()).map((t) => ({
        name: t.name,
        role: t.role,
        createdAt: t.createdAt,
        ...(t.lastUsedAt === undefined ? {} : { lastUsedAt: t.lastUsedAt }),
      }));
    },
    async revokeToken(name, actor = 'cli') {
      const deleted = await store.deleteToken(name);
      if (deleted) await store.appendAudit({ at: now(), actor, action: 'token.revoke', target: name });
      return deleted;
    },
    async authenticate(token) {
      const presented = sha256(token);
      let found: ApiPrincipal | undefined;
      // Compare against every token (no early exit), each in constant time.
      for (const t of await store.listTokens()) {
        const stored = Buffer.from(t.tokenHash, 'hex');
        if (stored.length === presented.length && timingSafeEqual(stored, presented)) {
          found = { name: t.name, role: t.role };
        }
      }
      if (found) {
        const at = now();
        if (at - (touched.get(found.name) ?? 0) >= TOUCH_EVERY_MS) {
          touched.set(found.name, at);
          await store.touchToken(found.name, at);
        }
      }
      return found;
    },
    audit: (entry) => store.appendAudit({ ...entry, at: now() }),
    listAudit: (query) => store.listAudit(query),
    close: () => store.close(),
  };
}

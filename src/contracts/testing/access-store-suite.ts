import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessStore, ApiTokenRecord, AuditEntry } from '../access-store.js';

/** Makes a fresh, empty access store; `reopen` (optional) opens the same storage again after `close()`. */
export interface AccessStoreFactory {
  create(): Promise<AccessStore>;
  reopen?: (() => Promise<AccessStore>) | undefined;
}

const token = (name: string, overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  name,
  role: 'operator',
  tokenHash: `sha256-of-${name}`,
  createdAt: 1_000,
  ...overrides,
});

const entry = (at: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at,
  actor: 'cli',
  action: 'run.start',
  target: 'PL',
  ...overrides,
});

/**
 * The AccessStore contract (API tokens and the audit log): every implementation (SQLite, and the PostgreSQL
 * store of scale-out) runs this suite.
 * @example accessStoreContractSuite('sqlite', { create: async () => new SqliteAccessStore(':memory:') });
 */
export function accessStoreContractSuite(name: string, factory: AccessStoreFactory): void {
  describe(`AccessStore contract: ${name}`, () => {
    let store: AccessStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps tokens by name (hash only), sorted, and refuses a taken name with auth/duplicate-token', async () => {
      await store.insertToken(token('zeta', { role: 'admin' }));
      await store.insertToken(token('alpha', { role: 'reader', createdAt: 2_000 }));
      await expect(store.insertToken(token('alpha'))).rejects.toMatchObject({ code: 'auth/duplicate-token' });
      expect(await store.listTokens()).toEqual([
        { name: 'alpha', role: 'reader', tokenHash: 'sha256-of-alpha', createdAt: 2_000 },
        { name: 'zeta', role: 'admin', tokenHash: 'sha256-of-zeta', createdAt: 1_000 },
      ]);
    });

    it('records when a token was last used, and deletes tokens', async () => {
      await store.insertToken(token('t'));
      await store.touchToken('t', 5_000);
      await store.touchToken('missing', 5_000);
      expect(await store.listTokens()).toEqual([{ ...token('t'), lastUsedAt: 5_000 }]);
      expect(await store.deleteToken('t')).toBe(true);
      expect(await store.deleteToken('t')).toBe(false);
      expect(await store.listTokens()).toEqual([]);
    });

    it('lists the audit log newest first, filtered and paged, with the total before paging', async () => {
      await store.appendAudit(entry(1_000));
      await store.appendAudit(
        entry(3_000, { actor: 'ops', action: 'secret.write', target: 'pw', detail: 'qa' }),
      );
      await store.appendAudit(entry(2_000, { actor: 'ops' }));
      await store.appendAudit(entry(3_000, { action: 'run.cancel', target: 'run-1' }));
      const all = await store.listAudit();
      expect(all.total).toBe(4);
      // Same instant: the later append comes first.
      expect(all.entries.map((e) => [e.at, e.action])).toEqual([
        [3_000, 'run.cancel'],
        [3_000, 'secret.write'],
        [2_000, 'run.start'],
        [1_000, 'run.start'],
      ]);
      expect(all.entries[1]).toEqual({
        at: 3_000,
        actor: 'ops',
        action: 'secret.write',
        target: 'pw',
        detail: 'qa',
      });
      expect(all.entries[0]).not.toHaveProperty('detail');
      const byActor = await store.listAudit({ actor: 'ops' });
      expect([byActor.total, byActor.entries.map((e) => e.at)]).toEqual([2, [3_000, 2_000]]);
      const byAction = await store.listAudit({ action: 'run.start', since: 1_500 });
      expect([byAction.total, byAction.entries.map((e) => e.at)]).toEqual([1, [2_000]]);
      const page = await store.listAudit({ limit: 2, offset: 1 });
      expect([page.total, page.entries.map((e) => e.action)]).toEqual([4, ['secret.write', 'run.start']]);
    });

    const { reopen } = factory;
    // Only durable stores have something to reopen.
    if (reopen)
      it('keeps tokens and the audit log across a reopen', async () => {
        await store.insertToken(token('kept'));
        await store.appendAudit(entry(1_000, { action: 'token.create', target: 'kept' }));
        await store.close();
        store = await reopen();
        expect((await store.listTokens()).map((t) => t.name)).toEqual(['kept']);
        expect((await store.listAudit()).entries.map((e) => e.action)).toEqual(['token.create']);
      });
  });
}

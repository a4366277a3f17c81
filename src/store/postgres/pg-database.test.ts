import { afterAll, describe, expect, it } from 'vitest';
import { openPgDatabase, parseDatabaseUrl, redactDatabaseUrl } from './pg-database.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { dropSchemas, schemaUrl, testSchemaName } from './testing/pg-test-schema.js';

const schemas: string[] = [];
afterAll(() => dropSchemas(schemas));
const fresh = (): { schema: string; url: string } => {
  const schema = testSchemaName();
  schemas.push(schema);
  return { schema, url: schemaUrl(schema) };
};

describe('PostgreSQL state database', () => {
  it('applies each migration once, recorded in schema_migrations, and nothing on reopen', async () => {
    const { url } = fresh();
    const first = await openPgDatabase({ url });
    expect(first.applied).toEqual(PG_MIGRATIONS.map((m) => m.version));
    const rows = await first.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await first.db.release();
    const again = await openPgDatabase({ url });
    expect(again.applied).toEqual([]);
    await again.db.release();
  });

  it('lets one of many processes starting at once migrate, the others wait and apply nothing', async () => {
    const { url } = fresh();
    // A slow migration: without the advisory lock, every opener would find it missing and run it.
    const migrations = [
      ...PG_MIGRATIONS,
      {
        version: 99,
        name: 'slow',
        statements: ['SELECT pg_sleep(0.3)', 'CREATE TABLE slow_marker (x INTEGER)'],
      },
    ];
    // Each opener has its own pool, so its own PostgreSQL sessions: what separate processes have.
    const opened = await Promise.all(Array.from({ length: 4 }, () => openPgDatabase({ url, migrations })));
    const applied = opened.map((o) => o.applied);
    expect(applied.filter((a) => a.length > 0)).toEqual([migrations.map((m) => m.version)]);
    expect(applied.filter((a) => a.length === 0)).toHaveLength(3);
    const rows = await opened[0]!.db.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM schema_migrations WHERE version = 99',
    );
    expect(rows[0]!.n).toBe(1);
    await Promise.all(opened.map((o) => o.db.release()));
  });

  it('fails with one line naming the database without its password when it cannot connect', async () => {
    const url = 'postgres://millrace:s3cret-pw@127.0.0.1:1/state';
    const err = await openPgDatabase({ url }).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('store/database-unreachable');
    expect(err?.message).toMatch(
      /^cannot reach the state database postgres:\/\/millrace:\*\*\*@127\.0\.0\.1:1\/state: ECONNREFUSED/,
    );
    expect(err?.message).not.toContain('s3cret-pw');
    expect(err?.message).not.toContain('\n');
  });

  it('rejects a URL that is not postgres:// and a schema that is not an identifier, without echoing it', () => {
    expect(() => parseDatabaseUrl('mysql://u:pw@h/db')).toThrow(/must be a postgres:\/\/ URL, not mysql:/);
    expect(() => parseDatabaseUrl('not a url pw')).toThrow(
      expect.objectContaining({
        code: 'store/invalid-database-url',
        message: expect.not.stringContaining('pw') as unknown,
      }),
    );
    expect(() => parseDatabaseUrl('postgres://h/db?schema=a;drop')).toThrow(/plain identifier/);
    expect(parseDatabaseUrl('postgres://h/db?schema=s1&sslmode=disable')).toEqual({
      connectionString: 'postgres://h/db?sslmode=disable',
      schema: 's1',
    });
    expect(redactDatabaseUrl('postgres://u:pw@h/db')).toBe('postgres://u:***@h/db');
  });
});

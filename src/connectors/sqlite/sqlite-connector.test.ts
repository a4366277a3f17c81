import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../connector-registry.js';
import { unavailableSecretResolver } from '../secret-value.js';
import { bindStatement, splitStatements } from '../sql/sql-script.js';
import { sqliteConnector } from './sqlite-connector.js';

const registry = createConnectorRegistry([sqliteConnector]);

describe('Sqlite connector', () => {
  it('refuses a database path outside the project', async () => {
    const opts = { projectRoot: '/tmp/p', secrets: unavailableSecretResolver };
    for (const path of ['../x.db', '/etc/x.db']) {
      await expect(
        registry.create({ type: 'Sqlite', typeProperties: { path }, parameters: {} }, opts),
      ).rejects.toMatchObject({
        code: 'connector/path-escape',
      });
    }
  });

  it('streams query results in batches and describes tables', async () => {
    const root = await mkdtemp(join(tmpdir(), 'millrace-sqlite-'));
    const c = await registry.create(
      { type: 'Sqlite', typeProperties: { path: 'w.db' }, parameters: {} },
      { projectRoot: root, secrets: unavailableSecretResolver },
    );
    const store = c.tableStore!();
    await store.runScript(
      "CREATE TABLE t (id INTEGER, name TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
      [],
      { maxRows: 1 },
    );
    const sizes: number[] = [];
    for await (const b of store.query('SELECT * FROM t WHERE id >= @min', [{ name: 'min', value: 1 }], {
      batchSize: 2,
    })) {
      sizes.push(b.rows.length);
    }
    expect(sizes).toEqual([2, 1]);
    expect(await store.columns({ table: 't' })).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'name', type: 'VARCHAR' },
    ]);
    expect(await store.tableExists({ table: 'nope' })).toBe(false);
    await expect(store.columns({ table: 'nope' })).rejects.toMatchObject({ code: 'connector/not-found' });
    await c.close?.();
  });
});

describe('SQL script helpers', () => {
  it('splits statements outside strings, comments and dollar quotes', () => {
    expect(
      splitStatements(
        'SELECT \';\'; -- a; comment\nDO $$ BEGIN PERFORM 1; END $$;; /* x; */ SELECT "a;b" FROM t;',
      ),
    ).toEqual(["SELECT ';'", '-- a; comment\nDO $$ BEGIN PERFORM 1; END $$', '/* x; */ SELECT "a;b" FROM t']);
  });

  it('binds named parameters per dialect and leaves casts and strings alone', () => {
    const params = [
      { name: 'id', value: 1 },
      { name: 'd', value: '2024-01-01' },
    ];
    expect(bindStatement("SELECT @id, :id::text, '@id', $d", params, 'numbered')).toEqual({
      sql: "SELECT $1, $1::text, '@id', $2",
      values: [1, '2024-01-01'],
    });
    expect(bindStatement('SELECT @id, :id', params, 'question')).toEqual({
      sql: 'SELECT ?, ?',
      values: [1, 1],
    });
    expect(bindStatement('SELECT ?, ?', params, 'question').values).toEqual([1, '2024-01-01']);
  });
});

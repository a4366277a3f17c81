import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue, TableColumn, TableName, TableStore } from '../table-store.js';

/** A table store to test, with the schema its tables go in (PostgreSQL) and how to release it. */
export interface TableStoreUnderTest {
  readonly store: TableStore;
  /** Schema for the suite's tables; absent where the store has none (SQLite). */
  readonly schema?: string;
  close(): Promise<void>;
}

/** Opens the store once for the suite (its tables get unique names). */
export interface TableStoreFactory {
  create(): Promise<TableStoreUnderTest>;
}

const COLUMNS: readonly TableColumn[] = [
  { name: 'id', type: 'BIGINT' },
  { name: 'name', type: 'VARCHAR' },
  { name: 'amount', type: 'DOUBLE' },
];

async function* batches(
  ...chunks: readonly (readonly (readonly SqlValue[])[])[]
): AsyncIterable<readonly (readonly SqlValue[])[]> {
  for (const c of chunks) {
    await Promise.resolve();
    yield c;
  }
}

/** Rows as plain values: integers may come back as `number` or `bigint` (both are `SqlValue`s). */
const plain = (rows: readonly (readonly SqlValue[])[]): unknown[][] =>
  rows.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));

/**
 * The TableStore contract (the SQL stores behind SQL linked services): every implementation (SQLite,
 * PostgreSQL) runs this suite.
 * @example tableStoreContractSuite('sqlite', { create: async () => ({ store, close }) });
 */
export function tableStoreContractSuite(name: string, factory: TableStoreFactory): void {
  describe(`TableStore contract: ${name}`, () => {
    let t: TableStoreUnderTest;
    let n = 0;
    beforeAll(async () => {
      t = await factory.create();
    });
    afterAll(async () => {
      await t.close();
    });
    const fresh = (): TableName => ({
      ...(t.schema === undefined ? {} : { schema: t.schema }),
      table: `contract_${n++}`,
    });
    const all = async (sql: string, params: Parameters<TableStore['query']>[1] = []) => {
      const rows: (readonly SqlValue[])[] = [];
      for await (const b of t.store.query(sql, params)) rows.push(...b.rows);
      return plain(rows);
    };

    it('creates a table from portable columns, writes rows in one call and reads them back', async () => {
      const table = fresh();
      expect(await t.store.tableExists(table)).toBe(false);
      const written = await t.store.writeRows(
        table,
        COLUMNS,
        batches(
          [
            [1, 'a', 1.5],
            [2, 'b', null],
          ],
          [[3, "o'brien", -2.25]],
        ),
        { autoCreate: true },
      );
      expect(written).toBe(3);
      expect(await t.store.tableExists(table)).toBe(true);
      expect(await t.store.columns(table)).toEqual(COLUMNS);
      const q = t.store.quoteTable(table);
      expect(await all(`SELECT id, name, amount FROM ${q} ORDER BY id`)).toEqual([
        [1, 'a', 1.5],
        [2, 'b', null],
        [3, "o'brien", -2.25],
      ]);
    });

    it('streams a query in batches with the same columns on every batch, binding named parameters', async () => {
      const table = fresh();
      const rows = Array.from({ length: 5 }, (_, i) => [i + 1, `n${i + 1}`, i / 2]);
      await t.store.writeRows(table, COLUMNS, batches(rows), { autoCreate: true });
      const q = t.store.quoteTable(table);
      const sizes: number[] = [];
      const names: string[][] = [];
      for await (const b of t.store.query(
        `SELECT id, name FROM ${q} WHERE id >= @low ORDER BY id`,
        [{ name: 'low', value: 2 }],
        { batchSize: 3 },
      )) {
        sizes.push(b.rows.length);
        names.push(b.columns.map((c) => c.name));
      }
      expect(sizes).toEqual([3, 1]);
      expect(names).toEqual([
        ['id', 'name'],
        ['id', 'name'],
      ]);
    });

    it('executes a statement and says how many rows it changed', async () => {
      const table = fresh();
      await t.store.writeRows(
        table,
        COLUMNS,
        batches([
          [1, 'a', 1],
          [2, 'b', 2],
          [3, 'c', 3],
        ]),
        {
          autoCreate: true,
        },
      );
      const q = t.store.quoteTable(table);
      expect(
        await t.store.execute(`UPDATE ${q} SET amount = 0 WHERE id < @max`, [{ name: 'max', value: 3 }]),
      ).toBe(2);
      expect(await all(`SELECT SUM(amount) FROM ${q}`)).toEqual([[3]]);
    });

    it('runs a script: one result per statement, rows kept up to maxRows, DML counted', async () => {
      const table = fresh();
      const q = t.store.quoteTable(table);
      const results = await t.store.runScript(
        `CREATE TABLE ${q} (id INTEGER, name VARCHAR(20));
         INSERT INTO ${q} VALUES (1, 'a'), (2, 'b'), (3, 'c');
         SELECT id, name FROM ${q} WHERE id >= @low ORDER BY id`,
        [{ name: 'low', value: 1 }],
        { maxRows: 2 },
      );
      expect(results).toHaveLength(3);
      expect(results[1]).toMatchObject({ rowsAffected: 3, rows: [], truncated: false });
      expect(results[2]?.columns?.map((c) => c.name)).toEqual(['id', 'name']);
      expect(plain(results[2]?.rows ?? [])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect(results[2]?.truncated).toBe(true);
    });

    it('leaves the table as it was when a write fails midway, preScript included', async () => {
      const table = fresh();
      await t.store.writeRows(table, COLUMNS, batches([[1, 'kept', 1]]), { autoCreate: true });
      const q = t.store.quoteTable(table);
      async function* failing(): AsyncIterable<readonly (readonly SqlValue[])[]> {
        yield [[2, 'new', 2]];
        await Promise.resolve();
        throw new Error('source broke');
      }
      await expect(
        t.store.writeRows(table, COLUMNS, failing(), { preScript: `DELETE FROM ${q}` }),
      ).rejects.toThrow('source broke');
      expect(await all(`SELECT id, name FROM ${q}`)).toEqual([[1, 'kept']]);
    });

    it('fails on a missing table with connector/not-found, and quotes names for its dialect', async () => {
      const missing = fresh();
      expect(await t.store.tableExists(missing)).toBe(false);
      await expect(t.store.columns(missing)).rejects.toMatchObject({ code: 'connector/not-found' });
      expect(t.store.quoteTable({ table: 'odd"name' })).toContain('"odd""name"');
      expect(typeof t.store.dialect).toBe('string');
    });
  });
}

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyData } from '../../src/activities/copy/index.js';
import { lookupData } from '../../src/activities/lookup/index.js';
import { scriptActivity } from '../../src/activities/script/index.js';
import {
  builtinConnectors,
  createConnectorRegistry,
  unavailableSecretResolver,
} from '../../src/connectors/index.js';
import type { Connector, TableStore } from '../../src/contracts/index.js';
import type { JsonObject } from '../../src/model/index.js';
import {
  dataContext,
  dataPlane,
  fakeDataAccess,
  fileDataset,
  put,
  tableDataset,
  tempProject,
  text,
} from '../../src/activities/testing/data-fixtures.js';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const schema = `millrace_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const registry = createConnectorRegistry(builtinConnectors);
const CSV = { firstRowAsHeader: true, rowDelimiter: '\n' };

interface Store {
  readonly connector: Connector;
  readonly datasetType: string;
  readonly schema?: string;
}
const stores: Record<string, Store> = {};

beforeAll(async () => {
  const admin = new pg.Client(PG);
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG.host}:${PG.port} (database ${PG.database}, user ${PG.user}): ` +
        `${(err as Error).message}. These tests need a running PostgreSQL with trust authentication.`,
    );
  }
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const root = (await tempProject()).root;
  const opts = { projectRoot: root, secrets: unavailableSecretResolver };
  stores['sqlite'] = {
    connector: await registry.create(
      { type: 'Sqlite', typeProperties: { path: 'warehouse.db' }, parameters: {} },
      opts,
    ),
    datasetType: 'SqliteTable',
  };
  stores['postgres'] = {
    connector: await registry.create(
      {
        type: 'AzurePostgreSql',
        typeProperties: {
          connectionString: `Host=${PG.host};Port=${PG.port};Database=${PG.database};Username=${PG.user};SSL Mode=Disable`,
        },
        parameters: {},
      },
      opts,
    ),
    datasetType: 'AzurePostgreSqlTable',
    schema,
  };
});

afterAll(async () => {
  for (const s of Object.values(stores)) await s.connector.close?.();
  const admin = new pg.Client(PG);
  await admin.connect().catch(() => undefined);
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await admin.end().catch(() => undefined);
});

const table = (s: Store, name: string) =>
  tableDataset(s.connector, s.datasetType, { ...(s.schema ? { schema: s.schema } : {}), table: name });
const tstore = (s: Store): TableStore => s.connector.tableStore!();
const copy = (
  source: Parameters<typeof copyData>[0]['source'],
  sink: Parameters<typeof copyData>[0]['sink'],
  tp: JsonObject = {},
) =>
  copyData({
    dataPlane,
    source,
    sink,
    typeProperties: { source: {}, sink: {}, ...tp },
    activityName: 'C',
    activityRunId: 'r1',
  });

describe.each(['sqlite', 'postgres'])('SQL store %s', (kind) => {
  const store = (): Store => stores[kind]!;

  it('copies CSV → table (preCopyScript, autoCreate), then table → CSV and Lookup', async () => {
    const p = await tempProject();
    await put(join(p.data, 'in/sales.csv'), 'id,region\n1,north\n2,south\n3,north\n');
    const csv = fileDataset(p.connector, 'DelimitedText', { folderPath: 'in', fileName: 'sales.csv' }, CSV);
    const sales = table(store(), 'sales');
    const out = await copy(csv, sales, {
      sink: { tableOption: 'autoCreate', preCopyScript: 'SELECT 1', writeBehavior: 'insert' },
    });
    expect(out).toMatchObject({ rowsCopied: 3, filesRead: 1 });
    // preCopyScript runs before the insert, in the same transaction: a truncate-and-load.
    await copy(csv, sales, {
      sink: { preCopyScript: `DELETE FROM ${tstore(store()).quoteTable(sales.table!)}` },
    });
    const sink = fileDataset(p.connector, 'DelimitedText', { folderPath: 'out', fileName: 'north.csv' }, CSV);
    await copy(sales, sink, {
      source: {
        sqlReaderQuery: `SELECT id, region FROM ${tstore(store()).quoteTable(sales.table!)} WHERE region = 'north' ORDER BY id`,
      },
    });
    expect(await text(join(p.data, 'out/north.csv'))).toBe('id,region\n1,north\n3,north\n');
    expect(
      await lookupData(dataPlane, sales, {
        firstRowOnly: false,
        source: { query: `SELECT * FROM ${tstore(store()).quoteTable(sales.table!)} ORDER BY id` },
      }),
    ).toEqual({
      count: 3,
      value: [
        { id: '1', region: 'north' },
        { id: '2', region: 'south' },
        { id: '3', region: 'north' },
      ],
    });
    expect(await lookupData(dataPlane, sales, {})).toHaveProperty('firstRow');
  });

  it('copies a table to Parquet and back into a new table with types kept', async () => {
    const p = await tempProject();
    const ts = tstore(store());
    const src = table(store(), 'typed');
    await ts.runScript(
      `CREATE TABLE ${ts.quoteTable(src.table!)} (id integer, amount double precision, name text);` +
        `INSERT INTO ${ts.quoteTable(src.table!)} VALUES (1, 1.5, 'a'), (2, 2.25, NULL)`,
      [],
      { maxRows: 10 },
    );
    const parquet = fileDataset(p.connector, 'Parquet', { folderPath: 'pq', fileName: 'typed.parquet' });
    await copy(src, parquet);
    const back = table(store(), 'typed_copy');
    await copy(parquet, back, { sink: { tableOption: 'autoCreate' } });
    expect(
      await lookupData(dataPlane, back, {
        firstRowOnly: false,
        source: { query: `SELECT * FROM ${ts.quoteTable(back.table!)} ORDER BY id` },
      }),
    ).toEqual({
      count: 2,
      value: [
        { id: 1, amount: 1.5, name: 'a' },
        { id: 2, amount: 2.25, name: null },
      ],
    });
  });

  it('leaves the table as it was when a write fails midway', async () => {
    const p = await tempProject();
    const ts = tstore(store());
    const t = table(store(), 'guarded');
    const q = ts.quoteTable(t.table!);
    await ts.execute(`CREATE TABLE ${q} (id integer, name text CHECK (length(name) < 6))`);
    await ts.execute(`INSERT INTO ${q} VALUES (0, 'keep')`);
    const rows = Array.from({ length: 5000 }, (_, i) => `${i + 1},${i === 4500 ? 'toolongname' : 'ok'}`);
    await put(join(p.data, 'big.csv'), `id,name\n${rows.join('\n')}\n`);
    const csv = fileDataset(p.connector, 'DelimitedText', { fileName: 'big.csv' }, CSV);
    await expect(copy(csv, t, { sink: { preCopyScript: `DELETE FROM ${q}` } })).rejects.toMatchObject({
      code: 'connector/sql-error',
    });
    expect(await lookupData(dataPlane, t, { firstRowOnly: false })).toEqual({
      count: 1,
      value: [{ id: 0, name: 'keep' }],
    });
  });

  it('runs Script blocks with parameters and returns ADF output', async () => {
    const ts = tstore(store());
    const name = `script_${kind}`;
    const q = ts.quoteTable(table(store(), name).table!);
    const access = fakeDataAccess({}, { LS_Sql: store().connector });
    const ctx = dataContext(
      'Script',
      {
        scripts: [
          { type: 'NonQuery', text: `CREATE TABLE ${q} (id integer, label text, active boolean)` },
          {
            type: 'NonQuery',
            text: `INSERT INTO ${q} VALUES (@id, @label, @on); INSERT INTO ${q} VALUES (@id + 1, 'two', @on)`,
            parameters: [
              { name: 'id', type: 'Int32', value: 1, direction: 'Input' },
              { name: 'label', type: 'String', value: "it's", direction: 'Input' },
              { name: 'on', type: 'Boolean', value: true, direction: 'Input' },
            ],
          },
          {
            type: 'Query',
            text: `UPDATE ${q} SET label = upper(label) WHERE id = :id; SELECT id, label FROM ${q} ORDER BY id; SELECT count(*) AS total FROM ${q}`,
            parameters: [
              { name: 'id', type: 'Int64', value: '2' },
              { name: 'total', type: 'Int32', value: null, direction: 'Output' },
            ],
          },
        ],
      },
      access,
      { linkedServiceName: 'LS_Sql' },
    );
    const out = (await scriptActivity.execute(ctx)) as JsonObject;
    expect(out).toMatchObject({
      resultSetCount: 2,
      recordsAffected: 3,
      resultSets: [
        {
          rowCount: 2,
          rows: [
            { id: 1, label: "it's" },
            { id: 2, label: 'TWO' },
          ],
        },
        { rowCount: 1, rows: [{ total: 2 }] },
      ],
      outputParameters: { total: 2 },
      outputToExternalStorage: false,
    });
  });
});

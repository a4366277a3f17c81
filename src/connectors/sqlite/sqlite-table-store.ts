import type BetterSqlite3 from 'better-sqlite3';
import type {
  QueryOptions,
  RowBatch,
  ScriptOptions,
  SqlParameter,
  SqlValue,
  StatementResult,
  TableColumn,
  TableName,
  TableStore,
  WriteRowsOptions,
} from '../../contracts/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { portableFromSqlite, sqliteTypeOf } from '../sql/portable-types.js';
import { bindStatement, quoteIdent, isDml, splitStatements } from '../sql/sql-script.js';

type Db = BetterSqlite3.Database;
type Row = readonly SqlValue[];

/** A `TableStore` over a SQLite database file (better-sqlite3: synchronous, one connection). */
export class SqliteTableStore implements TableStore {
  readonly dialect = 'sqlite';
  readonly #db: () => Db;

  /** @param db opens (once) and returns the connection */
  constructor(db: () => Db) {
    this.#db = db;
  }

  async *query(sql: string, params: readonly SqlParameter[] = [], options: QueryOptions = {}) {
    const size = options.batchSize ?? 1000;
    const stmt = sqlite(() => this.#prepare(single(sql), params));
    if (!stmt.statement.reader) throw sqlError(new Error('the statement returns no rows'), sql);
    stmt.statement.raw(true);
    const columns = columnsOf(stmt.statement);
    let rows: Row[] = [];
    let any = false;
    for (const row of stmt.statement.iterate(...stmt.values) as IterableIterator<SqlValue[]>) {
      rows.push(row);
      if (rows.length >= size) {
        // better-sqlite3 is synchronous: give the event loop a turn between batches.
        await new Promise((resolve) => setImmediate(resolve));
        options.signal?.throwIfAborted();
        yield { columns, rows } satisfies RowBatch;
        any = true;
        rows = [];
      }
    }
    if (rows.length > 0 || !any) yield { columns, rows } satisfies RowBatch;
  }

  execute(sql: string, params: readonly SqlParameter[] = []): Promise<number> {
    return Promise.resolve(
      sqlite(() => {
        const { statement, values } = this.#prepare(single(sql), params);
        return statement.run(...values).changes;
      }, sql),
    );
  }

  runScript(
    text: string,
    params: readonly SqlParameter[],
    options: ScriptOptions,
  ): Promise<StatementResult[]> {
    const results: StatementResult[] = [];
    for (const sql of splitStatements(text)) {
      options.signal?.throwIfAborted();
      results.push(
        sqlite(() => {
          const { statement, values } = this.#prepare(sql, params);
          if (!statement.reader) {
            const changes = statement.run(...values).changes;
            return { rows: [], truncated: false, rowsAffected: isDml(sql) ? changes : 0 };
          }
          statement.raw(true);
          const rows: Row[] = [];
          let truncated = false;
          for (const row of statement.iterate(...values) as IterableIterator<SqlValue[]>) {
            if (rows.length < options.maxRows) rows.push(row);
            else truncated = true;
          }
          return { columns: columnsOf(statement), rows, truncated, rowsAffected: 0 };
        }, sql),
      );
    }
    return Promise.resolve(results);
  }

  async writeRows(
    table: TableName,
    columns: readonly TableColumn[],
    batches: AsyncIterable<readonly Row[]>,
    options: WriteRowsOptions = {},
  ): Promise<number> {
    const db = this.#db();
    const name = this.quoteTable(table);
    db.exec('BEGIN IMMEDIATE');
    try {
      if (options.preScript) sqlite(() => db.exec(options.preScript ?? ''), options.preScript);
      if (!(await this.tableExists(table))) {
        if (!options.autoCreate) throw missingTable(table);
        const defs = columns.map((c) => `${quoteIdent(c.name)} ${sqliteTypeOf(c.type)}`).join(', ');
        sqlite(() => db.exec(`CREATE TABLE ${name} (${defs})`));
      }
      const cols = columns.map((c) => quoteIdent(c.name)).join(', ');
      const slots = columns.map(() => '?').join(', ');
      const insert = sqlite(() => db.prepare(`INSERT INTO ${name} (${cols}) VALUES (${slots})`));
      let total = 0;
      for await (const batch of batches) {
        options.signal?.throwIfAborted();
        sqlite(() => {
          for (const row of batch) insert.run(...row.map(toSqlite));
        }, `INSERT INTO ${name}`);
        total += batch.length;
        options.onRows?.(total);
      }
      db.exec('COMMIT');
      return total;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }

  tableExists(table: TableName): Promise<boolean> {
    const schema = table.schema ? `${quoteIdent(table.schema)}.` : '';
    const row = this.#db()
      .prepare(`SELECT 1 FROM ${schema}sqlite_master WHERE type IN ('table', 'view') AND name = ?`)
      .get(table.table);
    return Promise.resolve(row !== undefined);
  }

  async columns(table: TableName): Promise<readonly TableColumn[]> {
    if (!(await this.tableExists(table))) throw missingTable(table);
    const schema = table.schema ? `${quoteIdent(table.schema)}.` : '';
    const info = this.#db()
      .prepare(`PRAGMA ${schema}table_info(${quoteIdent(table.table)})`)
      .all() as { name: string; type: string }[];
    return info.map((c) => ({ name: c.name, type: portableFromSqlite(c.type) }));
  }

  quoteTable(table: TableName): string {
    return table.schema ? `${quoteIdent(table.schema)}.${quoteIdent(table.table)}` : quoteIdent(table.table);
  }

  #prepare(sql: string, params: readonly SqlParameter[]) {
    const bound = bindStatement(sql, params, 'question');
    return { statement: this.#db().prepare(bound.sql), values: bound.values.map(toSqlite) };
  }
}

function columnsOf(statement: BetterSqlite3.Statement): TableColumn[] {
  return statement.columns().map((c) => ({ name: c.name, type: portableFromSqlite(c.type) }));
}

/** Values better-sqlite3 accepts: booleans as 0/1, dates as ISO text, bytes as Buffer. */
function toSqlite(v: SqlValue): string | number | bigint | Buffer | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v);
  return v;
}

function single(sql: string): string {
  const statements = splitStatements(sql);
  if (statements.length !== 1) {
    throw connectorError(ConnectorErrorCode.Sql, `expected one SQL statement, got ${statements.length}`);
  }
  return statements[0] ?? '';
}

function missingTable(table: TableName): Error {
  const name = table.schema ? `${table.schema}.${table.table}` : table.table;
  return connectorError(ConnectorErrorCode.NotFound, `table "${name}" does not exist`);
}

/** Runs driver code, turning SQLite errors into `connector/sql-error` (the statement's start is named). */
function sqlite<T>(fn: () => T, sql?: string): T {
  try {
    return fn();
  } catch (err) {
    throw sqlError(err, sql);
  }
}

function sqlError(err: unknown, sql?: string): Error {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.includes('/'))
    return err;
  const msg = err instanceof Error ? err.message : String(err);
  const what = sql ? ` in "${sql.replace(/\s+/g, ' ').slice(0, 80)}"` : '';
  return connectorError(ConnectorErrorCode.Sql, `SQLite: ${msg}${what}`, { cause: err });
}

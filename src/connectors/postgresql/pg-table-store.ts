import type pg from 'pg';
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
import { pgTypeOf, portableFromPgName, portableFromPgOid } from '../sql/portable-types.js';
import { bindStatement, quoteIdent, splitStatements } from '../sql/sql-script.js';
import { fromPg, toPg } from './pg-values.js';

type Row = readonly SqlValue[];
const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);
/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMS = 65_000;

/** A `TableStore` over a PostgreSQL pool. Queries stream through a server-side cursor. */
export class PgTableStore implements TableStore {
  readonly dialect = 'postgres';
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async *query(sql: string, params: readonly SqlParameter[] = [], options: QueryOptions = {}) {
    const size = options.batchSize ?? 1000;
    const bound = bindStatement(single(sql), params, 'numbered');
    const client = await this.#connect();
    let ok = false;
    try {
      await run(client, 'BEGIN');
      await run(client, `DECLARE millrace_cursor NO SCROLL CURSOR FOR ${bound.sql}`, bound.values, sql);
      for (let first = true; ; first = false) {
        options.signal?.throwIfAborted();
        const r = await run(client, `FETCH FORWARD ${size} FROM millrace_cursor`);
        const batch: RowBatch = { columns: columnsOf(r), rows: rowsOf(r) };
        if (batch.rows.length > 0 || first) yield batch;
        if (batch.rows.length < size) break;
      }
      await run(client, 'COMMIT');
      ok = true;
    } finally {
      if (!ok) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async execute(sql: string, params: readonly SqlParameter[] = []): Promise<number> {
    const bound = bindStatement(single(sql), params, 'numbered');
    const client = await this.#connect();
    try {
      return (await run(client, bound.sql, bound.values, sql)).rowCount ?? 0;
    } finally {
      client.release();
    }
  }

  async runScript(text: string, params: readonly SqlParameter[], options: ScriptOptions) {
    const client = await this.#connect();
    const onNotice = (n: { message?: string }): void => options.onLog?.(n.message ?? '');
    client.on('notice', onNotice);
    try {
      const results: StatementResult[] = [];
      for (const sql of splitStatements(text)) {
        options.signal?.throwIfAborted();
        const bound = bindStatement(sql, params, 'numbered');
        const r = await run(client, bound.sql, bound.values, sql);
        const affected = DML.has(r.command) ? (r.rowCount ?? 0) : 0;
        if (r.fields.length === 0) {
          results.push({ rows: [], truncated: false, rowsAffected: affected });
        } else {
          const rows = rowsOf(r);
          results.push({
            columns: columnsOf(r),
            rows: rows.slice(0, options.maxRows),
            truncated: rows.length > options.maxRows,
            rowsAffected: affected,
          });
        }
      }
      return results;
    } finally {
      client.off('notice', onNotice);
      client.release();
    }
  }

  async writeRows(
    table: TableName,
    columns: readonly TableColumn[],
    batches: AsyncIterable<readonly Row[]>,
    options: WriteRowsOptions = {},
  ): Promise<number> {
    const name = this.quoteTable(table);
    const client = await this.#connect();
    let ok = false;
    try {
      await run(client, 'BEGIN');
      if (options.preScript) await run(client, options.preScript, [], options.preScript);
      if (!(await exists(client, name))) {
        if (!options.autoCreate) throw missingTable(table);
        const defs = columns.map((c) => `${quoteIdent(c.name)} ${pgTypeOf(c.type)}`).join(', ');
        await run(client, `CREATE TABLE ${name} (${defs})`);
      }
      const head = `INSERT INTO ${name} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES `;
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / Math.max(columns.length, 1)));
      let total = 0;
      for await (const batch of batches) {
        options.signal?.throwIfAborted();
        for (let i = 0; i < batch.length; i += perStatement) {
          const chunk = batch.slice(i, i + perStatement);
          const values: unknown[] = [];
          const tuples = chunk.map((row) => {
            const slots = columns.map((_, c) => {
              values.push(toPg(row[c] ?? null));
              return `$${values.length}`;
            });
            return `(${slots.join(', ')})`;
          });
          await run(client, head + tuples.join(', '), values, `INSERT INTO ${name}`);
        }
        total += batch.length;
        options.onRows?.(total);
      }
      await run(client, 'COMMIT');
      ok = true;
      return total;
    } finally {
      if (!ok) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async tableExists(table: TableName): Promise<boolean> {
    const client = await this.#connect();
    try {
      return await exists(client, this.quoteTable(table));
    } finally {
      client.release();
    }
  }

  async columns(table: TableName): Promise<readonly TableColumn[]> {
    const client = await this.#connect();
    try {
      const r = await client.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns
          WHERE table_schema = coalesce($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position`,
        [table.schema ?? null, table.table],
      );
      if (r.rows.length === 0) throw missingTable(table);
      return r.rows.map((c) => ({ name: c.column_name, type: portableFromPgName(c.data_type) }));
    } finally {
      client.release();
    }
  }

  quoteTable(table: TableName): string {
    return table.schema ? `${quoteIdent(table.schema)}.${quoteIdent(table.table)}` : quoteIdent(table.table);
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw connectorError(ConnectorErrorCode.Sql, `PostgreSQL: cannot connect: ${msg}`, { cause: err });
    }
  }
}

async function exists(client: pg.PoolClient, quoted: string): Promise<boolean> {
  const r = await client.query<{ e: boolean }>('SELECT to_regclass($1) IS NOT NULL AS e', [quoted]);
  return r.rows[0]?.e === true;
}

async function run(client: pg.PoolClient, text: string, values: readonly unknown[] = [], what?: string) {
  try {
    return await client.query({ text, values: values.map((v) => toPg(v as SqlValue)), rowMode: 'array' });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const where = what ? ` in "${what.replace(/\s+/g, ' ').slice(0, 80)}"` : '';
    throw connectorError(ConnectorErrorCode.Sql, `PostgreSQL: ${msg}${where}`, { cause: err });
  }
}

function columnsOf(r: pg.QueryResult): TableColumn[] {
  return r.fields.map((f) => ({ name: f.name, type: portableFromPgOid(f.dataTypeID) }));
}

function rowsOf(r: pg.QueryResult): Row[] {
  return (r.rows as unknown[][]).map((row) => row.map(fromPg));
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

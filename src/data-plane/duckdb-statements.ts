import type { DuckDBConnection, DuckDBResult, JS } from '@duckdb/node-api';
import type { RowBatch, SqlParameter, SqlValue, StatementResult, TableColumn } from '../contracts/index.js';

/** `ResultReturnType.QUERY_RESULT` of `@duckdb/node-api` (a statement that returns rows). */
const QUERY_RESULT = 3;
/** `ResultReturnType.CHANGED_ROWS` (INSERT, UPDATE, DELETE). */
const CHANGED_ROWS = 1;

/**
 * Runs every statement of a DuckDB script. Parameters bind by DuckDB name (`$name`) or position (`?`, `$1`);
 * each statement binds only the parameters it uses.
 */
export async function runDuckDbStatements(
  conn: DuckDBConnection,
  text: string,
  params: readonly SqlParameter[],
  maxRows: number,
  signal?: AbortSignal,
): Promise<StatementResult[]> {
  const byName = new Map(params.map((p) => [p.name.replace(/^[@:$]/, '').toLowerCase(), p.value]));
  const extracted = await conn.extractStatements(text);
  const results: StatementResult[] = [];
  for (let i = 0; i < extracted.count; i++) {
    signal?.throwIfAborted();
    const prepared = await extracted.prepare(i);
    try {
      for (let p = 1; p <= prepared.parameterCount; p++) {
        const name = prepared.parameterName(p);
        const value = byName.has(name.toLowerCase())
          ? byName.get(name.toLowerCase())
          : params[Number(name) - 1]?.value;
        if (value === undefined) throw new Error(`no value for parameter $${name}`);
        prepared.bindValue(p, toDuckDb(value ?? null));
      }
      const result = await prepared.stream();
      results.push(await collect(result, maxRows));
    } finally {
      prepared.destroySync();
    }
  }
  return results;
}

async function collect(result: DuckDBResult, maxRows: number): Promise<StatementResult> {
  if (Number(result.returnType) !== QUERY_RESULT) {
    const affected = Number(result.returnType) === CHANGED_ROWS ? result.rowsChanged : 0;
    return { rows: [], truncated: false, rowsAffected: affected };
  }
  const rows: SqlValue[][] = [];
  let truncated = false;
  for await (const chunk of result.yieldRowsJs()) {
    for (const row of chunk) {
      if (rows.length < maxRows) rows.push(row.map(fromDuckDb));
      else truncated = true;
    }
  }
  return { columns: columnsOf(result), rows, truncated, rowsAffected: 0 };
}

/** Streams the rows of a query in DuckDB's chunks (2,048 rows), never the whole result at once. */
export async function* streamDuckDb(conn: DuckDBConnection, sql: string): AsyncIterable<RowBatch> {
  const result = await conn.stream(sql);
  const columns = columnsOf(result);
  let any = false;
  for await (const chunk of result.yieldRowsJs()) {
    any = true;
    yield { columns, rows: chunk.map((row) => row.map(fromDuckDb)) };
  }
  if (!any) yield { columns, rows: [] };
}

/** Column names and DuckDB types of a result. */
export function columnsOf(result: DuckDBResult): TableColumn[] {
  const types = result.columnTypes();
  return result.columnNames().map((name, i) => ({ name, type: types[i]?.toString() ?? 'VARCHAR' }));
}

/** A DuckDB JS value as a `SqlValue` (lists, structs and maps as JSON text). */
export function fromDuckDb(v: JS): SqlValue {
  if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof Uint8Array) return v;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

function toDuckDb(v: SqlValue): string | number | bigint | boolean | null {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return v;
}

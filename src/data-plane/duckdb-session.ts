import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { RowBatch, SqlParameter, StatementResult, TableColumn } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
import { runDuckDbStatements, streamDuckDb } from './duckdb-statements.js';

/** An in-memory DuckDB connection for one activity run. Close it when done. */
export interface DuckDbSession {
  /** Runs a statement; returns the number of rows it changed (COPY: rows written). */
  run(sql: string): Promise<number>;
  /** Runs a query and returns its rows as JSON objects (BIGINT as number when safe, else string). */
  rows(sql: string, params?: Readonly<Record<string, JsonValue>>): Promise<Record<string, JsonValue>[]>;
  /** Column names of a table expression (`DESCRIBE`). */
  columns(tableSql: string): Promise<string[]>;
  /** Column names and DuckDB types of a table expression. */
  describe(tableSql: string): Promise<TableColumn[]>;
  /** Streams a query's rows in chunks. */
  stream(sql: string): AsyncIterable<RowBatch>;
  /** Runs a multi-statement script (`$name` / `?` parameters); keeps at most `maxRows` rows per result. */
  script(
    text: string,
    params: readonly SqlParameter[],
    maxRows: number,
    signal?: AbortSignal,
  ): Promise<StatementResult[]>;
  close(): void;
}

/** Opens an in-memory DuckDB session. The native module is loaded on first use. */
export async function openDuckDb(): Promise<DuckDbSession> {
  const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
  const instance: DuckDBInstance = await Instance.create(':memory:');
  const conn: DuckDBConnection = await instance.connect();
  return {
    async run(sql) {
      const result = await conn.run(sql);
      return result.rowsChanged;
    },
    async rows(sql, params) {
      const reader = await conn.runAndReadAll(sql, params as Record<string, never> | undefined);
      return reader.getRowObjectsJson();
    },
    async columns(tableSql) {
      const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${tableSql}`);
      return reader.getRowObjectsJson().map((r) => textOf(r['column_name']));
    },
    async describe(tableSql) {
      const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${tableSql}`);
      return reader
        .getRowObjectsJson()
        .map((r) => ({ name: textOf(r['column_name']), type: textOf(r['column_type']) }));
    },
    stream: (sql) => streamDuckDb(conn, sql),
    script: (text, params, maxRows, signal) => runDuckDbStatements(conn, text, params, maxRows, signal),
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** A DuckDB string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A DuckDB quoted identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A JSON cell as text (strings as they are, other values as JSON). */
export function textOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

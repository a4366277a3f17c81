import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { DataPlaneSession } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
import { runDuckDbStatements, streamDuckDb } from './duckdb-statements.js';

/** Opens an in-memory DuckDB session. The native module is loaded on first use. */
export async function openDuckDb(): Promise<DataPlaneSession> {
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

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { RowBatch, SqlValue, Spool, TableColumn } from '../contracts/index.js';
import { sqlString } from './duckdb-session.js';

/**
 * Writes streamed rows to a local JSON-lines file, batch by batch with back-pressure, so DuckDB can read a
 * table of any size without it ever being held in JavaScript. `onBatch` sees each batch's row and byte counts.
 */
export async function spoolRows(
  batches: AsyncIterable<RowBatch>,
  localPath: string,
  onBatch?: (rows: number, bytes: number) => void,
  signal?: AbortSignal,
): Promise<Spool> {
  const out = createWriteStream(localPath);
  let columns: readonly TableColumn[] = [];
  let rows = 0;
  let bytes = 0;
  try {
    for await (const batch of batches) {
      signal?.throwIfAborted();
      columns = batch.columns;
      const keys = columns.map((c) => JSON.stringify(c.name));
      let text = '';
      for (const row of batch.rows) {
        text += `{${keys.map((k, i) => `${k}:${jsonOf(row[i] ?? null)}`).join(',')}}\n`;
      }
      rows += batch.rows.length;
      bytes += Buffer.byteLength(text);
      onBatch?.(batch.rows.length, Buffer.byteLength(text));
      if (!out.write(text)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { columns, rows, bytes };
}

/** The DuckDB table expression reading a spool with its columns typed. */
export function spoolReadSql(localPath: string, columns: readonly TableColumn[]): string {
  if (columns.length === 0) return `(SELECT NULL AS "empty" WHERE false)`;
  const cols = columns.map((c) => `${sqlString(c.name)}: ${sqlString(duckDbTypeOf(c.type))}`).join(', ');
  return `read_json(${sqlString(localPath)}, format='newline_delimited', columns={${cols}})`;
}

/** A portable column type as DuckDB reads it from JSON (DECIMAL as DOUBLE, UUID and BLOB as text). */
function duckDbTypeOf(type: string): string {
  const t = type.toUpperCase();
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|DOUBLE|FLOAT|BOOLEAN|DATE|TIMESTAMP|TIMESTAMPTZ)$/.test(t))
    return t;
  if (t.startsWith('DECIMAL') || t === 'REAL') return 'DOUBLE';
  return 'VARCHAR';
}

function jsonOf(v: SqlValue): string {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v).toString('base64'));
  if (typeof v === 'number' && !Number.isFinite(v)) return 'null';
  return JSON.stringify(v);
}

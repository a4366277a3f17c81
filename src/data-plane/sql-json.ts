import type { SqlValue, TableColumn } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';

/** A SQL value as JSON: big integers as numbers when safe (else text), dates as ISO text, bytes as base64. */
export function jsonOfSql(v: SqlValue): JsonValue {
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** A result row as a JSON object keyed by column name. */
export function rowObject(
  columns: readonly TableColumn[],
  row: readonly SqlValue[],
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  columns.forEach((c, i) => {
    out[c.name] = jsonOfSql(row[i] ?? null);
  });
  return out;
}

import type pg from 'pg';
import type { SqlValue } from '../../contracts/index.js';

/**
 * Type parsers: int8 as a number when safe, numeric as a number when exact, timestamps and dates as ISO text;
 * every other type as the driver's own `types` parse it.
 */
export const pgTypeParsers = (types: typeof pg.types) => ({
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    switch (oid) {
      case 20:
        return (v) => {
          const n = BigInt(v);
          return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n;
        };
      case 1700:
        return (v) => (exactNumber(v) ? Number(v) : v);
      case 1114:
        return (v) => v.replace(' ', 'T');
      case 1082:
        return (v) => v;
      default:
        return types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
    }
  },
});

function exactNumber(text: string): boolean {
  const n = Number(text);
  if (!Number.isFinite(n)) return false;
  const norm = (s: string): string =>
    s.includes('.')
      ? s
          .replace(/0+$/, '')
          .replace(/\.$/, '')
          .replace(/^(-?)0+(?=\d)/, '$1')
      : s;
  return String(n) === norm(text);
}

/** A value as `pg` binds it: bigints as text, bytes as Buffer. */
export function toPg(v: SqlValue): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v);
  return v;
}

/** A driver value as a `SqlValue` (JSON and arrays as JSON text). */
export function fromPg(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    typeof v === 'boolean' ||
    v instanceof Date ||
    v instanceof Uint8Array
  )
    return v;
  return JSON.stringify(v);
}

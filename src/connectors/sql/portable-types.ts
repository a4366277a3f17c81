/**
 * Portable column types (DuckDB spelling, see `TableColumn`) and their mapping to and from the SQL stores.
 */

/** PostgreSQL type OIDs → portable types; anything else is `VARCHAR` (read as text). */
const PG_OIDS: Readonly<Record<number, string>> = {
  16: 'BOOLEAN',
  17: 'BLOB',
  20: 'BIGINT',
  21: 'SMALLINT',
  23: 'INTEGER',
  700: 'FLOAT',
  701: 'DOUBLE',
  1700: 'DECIMAL',
  1082: 'DATE',
  1114: 'TIMESTAMP',
  1184: 'TIMESTAMPTZ',
  2950: 'UUID',
};

/** The portable type of a PostgreSQL result column. */
export function portableFromPgOid(oid: number): string {
  return PG_OIDS[oid] ?? 'VARCHAR';
}

/** PostgreSQL `information_schema.columns.data_type` → portable type. */
export function portableFromPgName(dataType: string): string {
  const t = dataType.toLowerCase();
  if (t === 'bigint') return 'BIGINT';
  if (t === 'integer') return 'INTEGER';
  if (t === 'smallint') return 'SMALLINT';
  if (t === 'boolean') return 'BOOLEAN';
  if (t === 'double precision') return 'DOUBLE';
  if (t === 'real') return 'FLOAT';
  if (t === 'numeric') return 'DECIMAL';
  if (t === 'date') return 'DATE';
  if (t === 'timestamp without time zone') return 'TIMESTAMP';
  if (t === 'timestamp with time zone') return 'TIMESTAMPTZ';
  if (t === 'uuid') return 'UUID';
  if (t === 'bytea') return 'BLOB';
  return 'VARCHAR';
}

/** A SQLite declared type → portable type, by SQLite's affinity rules (no declared type → `VARCHAR`). */
export function portableFromSqlite(declared: string | null | undefined): string {
  const t = (declared ?? '').toUpperCase();
  if (t.includes('INT')) return 'BIGINT';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'VARCHAR';
  if (t.includes('BLOB')) return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'DOUBLE';
  if (t.includes('BOOL')) return 'BOOLEAN';
  if (t.includes('TIMESTAMP') || t.includes('DATETIME')) return 'TIMESTAMP';
  if (t === 'DATE') return 'DATE';
  if (t.includes('DEC') || t.includes('NUMERIC')) return 'DECIMAL';
  return 'VARCHAR';
}

/** A portable (or DuckDB) type → the PostgreSQL type used when Copy creates a table. */
export function pgTypeOf(portable: string): string {
  const t = portable.toUpperCase();
  if (/^(BIGINT|INT8|LONG)$/.test(t)) return 'bigint';
  if (/^(INTEGER|INT4|INT|UINTEGER|USMALLINT|UTINYINT)$/.test(t)) return 'integer';
  if (/^(SMALLINT|INT2|TINYINT)$/.test(t)) return 'smallint';
  if (/^(HUGEINT|UBIGINT|UHUGEINT)$/.test(t) || t.startsWith('DECIMAL') || t === 'NUMERIC')
    return t.startsWith('DECIMAL(') ? t.toLowerCase() : 'numeric';
  if (/^(DOUBLE|FLOAT8)$/.test(t)) return 'double precision';
  if (/^(FLOAT|REAL|FLOAT4)$/.test(t)) return 'real';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP WITH') || t === 'TIMESTAMPTZ') return 'timestamptz';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'UUID') return 'uuid';
  if (t === 'BLOB') return 'bytea';
  return 'text';
}

/** A portable (or DuckDB) type → the SQLite declared type used when Copy creates a table. */
export function sqliteTypeOf(portable: string): string {
  const t = portable.toUpperCase();
  if (/INT$|^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT)$/.test(t)) return 'INTEGER';
  if (/^(DOUBLE|FLOAT|REAL)/.test(t)) return 'REAL';
  if (t.startsWith('DECIMAL')) return 'NUMERIC';
  if (t === 'BOOLEAN') return 'BOOLEAN';
  if (t === 'BLOB') return 'BLOB';
  if (t.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  if (t === 'DATE') return 'DATE';
  return 'TEXT';
}

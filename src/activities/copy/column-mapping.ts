import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { userError } from './data-access.js';
import type { DataPlane } from '../../contracts/index.js';

/** ADF interim type names → DuckDB types, for `sink.type` in a TabularTranslator mapping. */
const DUCKDB_TYPES: Readonly<Record<string, string>> = {
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
  byte: 'UTINYINT',
  sbyte: 'TINYINT',
  int16: 'SMALLINT',
  int32: 'INTEGER',
  int64: 'BIGINT',
  uint16: 'USMALLINT',
  uint32: 'UINTEGER',
  uint64: 'UBIGINT',
  single: 'FLOAT',
  double: 'DOUBLE',
  decimal: 'DECIMAL(38, 10)',
  datetime: 'TIMESTAMP',
  datetimeoffset: 'TIMESTAMPTZ',
  guid: 'UUID',
  timespan: 'INTERVAL',
};

/**
 * The DuckDB select list for a TabularTranslator. Without mappings every source column is copied by name;
 * with mappings, each picks a source column by `name` (case-sensitive) or 1-based `ordinal` and names it after
 * `sink.name` (else the source name), casting to `sink.type` when given. Legacy `columnMappings` ("A: X, B: Y")
 * is accepted too. Names are quoted in the data plane's SQL.
 */
export function selectList(
  dp: DataPlane,
  sourceColumns: readonly string[],
  translator: JsonValue | undefined,
): string {
  const sqlIdent = (n: string): string => dp.sqlIdent(n);
  const mappings = translatorMappings(translator);
  if (mappings.length === 0) return sourceColumns.map(sqlIdent).join(', ') || '*';
  return mappings
    .map((m, i) => {
      const src = sourceColumnOf(m['source'], sourceColumns, i);
      const sink = isJsonObject(m['sink']) ? m['sink'] : {};
      const name = typeof sink['name'] === 'string' ? sink['name'] : src;
      const type = typeof sink['type'] === 'string' ? DUCKDB_TYPES[sink['type'].toLowerCase()] : undefined;
      const expr = type ? `CAST(${sqlIdent(src)} AS ${type})` : sqlIdent(src);
      return `${expr} AS ${sqlIdent(name)}`;
    })
    .join(', ');
}

function translatorMappings(translator: JsonValue | undefined): JsonObject[] {
  if (!isJsonObject(translator)) return [];
  const mappings = translator['mappings'];
  if (Array.isArray(mappings)) return (mappings as readonly JsonValue[]).filter(isJsonObject);
  const legacy = translator['columnMappings'];
  if (typeof legacy === 'string') {
    return legacy
      .split(',')
      .map((pair) => pair.split(':').map((s) => s.trim()))
      .filter((p) => p[0])
      .map(([source = '', sink]) => ({ source: { name: source }, sink: { name: sink ?? source } }));
  }
  return [];
}

function sourceColumnOf(source: JsonValue | undefined, columns: readonly string[], index: number): string {
  const where = `translator.mappings[${index}].source`;
  if (!isJsonObject(source)) throw userError('copy/invalid-mapping', `${where} is required`);
  const ordinal = source['ordinal'];
  if (typeof ordinal === 'number' || (typeof ordinal === 'string' && /^\d+$/.test(ordinal))) {
    const col = columns[Number(ordinal) - 1];
    if (col === undefined) {
      throw userError(
        'copy/invalid-mapping',
        `${where}.ordinal ${ordinal} is out of range; the source has ${columns.length} columns`,
      );
    }
    return col;
  }
  const name = source['name'];
  if (typeof name !== 'string')
    throw userError('copy/invalid-mapping', `${where} needs a name or an ordinal`);
  if (!columns.includes(name)) {
    throw userError(
      'copy/invalid-mapping',
      `${where}.name: column "${name}" is not in the source (columns: ${columns.join(', ')})`,
    );
  }
  return name;
}

import type { AnyDatasetBinding, Connector, TableDatasetBinding, TableName } from '../contracts/index.js';
import type { DatasetProperties, JsonObject } from '../model/index.js';
import { bindDataset, schemaColumns } from './bind-dataset.js';
import { ConnectorErrorCode, connectorError, unsupportedCapability } from './connector-error.js';

/** Dataset types bound to a `TableStore` (`SqliteTable` is a Millrace extension). */
export const TABLE_DATASET_TYPES = [
  'AzurePostgreSqlTable',
  'PostgreSqlTable',
  'PostgreSqlV2Table',
  'SqliteTable',
] as const;

/** True when datasets of `type` are tables (case-insensitive). */
export function isTableDatasetType(type: string): boolean {
  return TABLE_DATASET_TYPES.some((t) => t.toLowerCase() === type.toLowerCase());
}

/**
 * Binds a table dataset (expressions already evaluated) to its linked service's `TableStore`. The table comes
 * from `typeProperties.schema` + `table`, or the legacy `tableName` (`schema.table`, quotes allowed); a dataset
 * without a table is valid for sources that give a query.
 */
export function bindTableDataset(
  name: string,
  properties: DatasetProperties,
  connector: Connector,
): TableDatasetBinding {
  if (!connector.tableStore)
    throw unsupportedCapability(`linked service type ${connector.type}`, 'tableStore');
  const table = tableNameOf(properties.typeProperties);
  const schema = schemaColumns(properties.schema ?? properties.structure);
  return {
    kind: 'table',
    name,
    type: properties.type,
    store: connector.tableStore(),
    ...(table ? { table } : {}),
    ...(schema ? { schema } : {}),
  };
}

/** Binds any dataset: table types to their `TableStore`, everything else as a file dataset. */
export function bindAnyDataset(
  name: string,
  properties: DatasetProperties,
  connector: Connector,
): AnyDatasetBinding {
  return isTableDatasetType(properties.type)
    ? bindTableDataset(name, properties, connector)
    : bindDataset(name, properties, connector);
}

/** The table a dataset's typeProperties (or a Copy source's `tableName`) names. */
export function tableNameOf(tp: JsonObject): TableName | undefined {
  const str = (k: string): string | undefined =>
    typeof tp[k] === 'string' && tp[k] !== '' ? tp[k] : undefined;
  const table = str('table');
  const schema = str('schema');
  if (table) return schema ? { schema, table } : { table };
  const legacy = str('tableName');
  return legacy ? parseTableName(legacy) : undefined;
}

/** Parses `schema.table`, `"schema"."table"` or `[schema].[table]`. */
export function parseTableName(text: string): TableName {
  const parts = [...text.matchAll(/"((?:[^"]|"")*)"|\[([^\]]*)\]|([^.]+)/g)].map((m) =>
    (m[1]?.replace(/""/g, '"') ?? m[2] ?? m[3] ?? '').trim(),
  );
  if (parts.length === 1 && parts[0]) return { table: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { schema: parts[0], table: parts[1] };
  throw connectorError(
    ConnectorErrorCode.InvalidConfig,
    `table name "${text}" is not "table" or "schema.table"`,
  );
}

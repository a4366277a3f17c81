import type { DataPlane, TableDatasetBinding } from '../../contracts/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { sourceQuery } from '../copy/index.js';

/**
 * Lookup against a table dataset (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity): the source's `sqlReaderQuery` / `query`, else the dataset's
 * table. Rows stream from the store and reading stops after `limit` rows (1 for `firstRowOnly`, else 5,000).
 */
export async function lookupTable(
  dp: DataPlane,
  ds: TableDatasetBinding,
  /** The Lookup's `source` settings (`sqlReaderQuery` / `query`). */
  source: JsonObject,
  firstRowOnly: boolean,
  limit: number,
  signal?: AbortSignal,
): Promise<JsonObject> {
  const sql = sourceQuery(ds, source);
  const rows: Record<string, JsonValue>[] = [];
  const max = firstRowOnly ? 1 : limit;
  for await (const batch of ds.store.query(sql, [], { batchSize: max, ...(signal ? { signal } : {}) })) {
    for (const row of batch.rows) {
      if (rows.length >= max) break;
      rows.push(dp.rowObject(batch.columns, row));
    }
    if (rows.length >= max) break;
  }
  if (firstRowOnly) return rows[0] ? { firstRow: rows[0] } : {};
  return { count: rows.length, value: rows };
}

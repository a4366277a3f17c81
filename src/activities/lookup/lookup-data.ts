import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyDatasetBinding, DataPlane } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { isTableBinding, runReadRows, tableSql, userError } from '../copy/index.js';
import { lookupTable } from './lookup-table.js';

/** ADF's Lookup limit: at most this many rows are returned; extra rows are silently dropped. */
export const LOOKUP_ROW_LIMIT = 5000;

/**
 * Reads a dataset for Lookup (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity): `firstRowOnly` (default true) → `{firstRow}`, else `{count, value}`
 * with at most 5,000 rows. Rows are read by DuckDB (files) or streamed from the store (tables); only the returned rows reach
 * JavaScript.
 */
export async function lookupData(
  dp: DataPlane,
  ds: AnyDatasetBinding,
  settings: { readonly source?: JsonObject; readonly firstRowOnly?: boolean },
  signal?: AbortSignal,
): Promise<JsonObject> {
  const { source = {}, firstRowOnly = true } = settings;
  if (isTableBinding(ds)) return lookupTable(dp, ds, source, firstRowOnly, LOOKUP_ROW_LIMIT, signal);
  if (!ds.format.tabular)
    throw userError('lookup/unsupported-dataset', `Lookup cannot read ${ds.format.kind} dataset ${ds.name}`);
  const selection = await dp.selectFiles(ds, dp.readSettings(source['storeSettings']), signal);
  if (selection.files.length === 0) return firstRowOnly ? {} : { count: 0, value: [] };
  const tmpDir = await mkdtemp(join(tmpdir(), 'millrace-lookup-'));
  const session = await dp.openSession();
  try {
    const staged = [];
    for (const f of selection.files) staged.push(await dp.stageForRead(ds, f.entry, tmpDir, signal));
    const target = { path: ds.name, inputs: selection.files };
    const base = { decoded: staged.some((s) => s.decoded) };
    const table = await tableSql(
      dp,
      session,
      ds,
      staged.map((s) => s.localPath),
      base,
      false,
      target,
    );
    const limit = firstRowOnly ? 1 : LOOKUP_ROW_LIMIT;
    const rows = await runReadRows(session, `SELECT * FROM ${table} LIMIT ${limit}`, target);
    if (firstRowOnly) return rows[0] ? { firstRow: rows[0] } : {};
    return { count: rows.length, value: rows };
  } finally {
    session.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

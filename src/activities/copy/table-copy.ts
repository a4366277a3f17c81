import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  AnyDatasetBinding,
  DataPlane,
  DataPlaneSession,
  SinkFile,
  TableDatasetBinding,
} from '../../contracts/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { selectList } from './column-mapping.js';
import type { CopyRequest, CopyTally } from './copy-request.js';
import { copyOutput } from './copy-output.js';
import { makeCopyStagingDir } from './copy-temp.js';
import { isTableBinding, userError } from './data-access.js';
import type { ProgressReporter } from './progress.js';
import { writeQueryToSink } from './query-sink.js';
import { tableSql } from './tabular-copy.js';

/** Rows fetched from a SQL store per round trip. */
const SOURCE_BATCH_ROWS = 10_000;

/**
 * A Copy with a table on either side (https://learn.microsoft.com/azure/data-factory/copy-activity-overview): table → file, file → table, table → table. Rows flow through
 * DuckDB in batches (a table source is spooled to a local JSON-lines file, a table sink is fed from a streaming
 * query), so no table is ever held in memory. A file sink is committed at the end; a table sink is written in
 * one transaction: a failure leaves either as it was.
 */
export async function copyWithTables(req: CopyRequest, progress: ProgressReporter): Promise<JsonObject> {
  const started = Date.now();
  const tp = req.typeProperties;
  const tally: CopyTally = {
    ...{ dataRead: 0, dataWritten: 0, filesRead: 0, filesWritten: 0, rowsCopied: 0, rowsSkipped: 0 },
    tabular: true,
  };
  const tmpDir = await makeCopyStagingDir('tcopy');
  const dp = req.dataPlane;
  const session = await dp.openSession();
  let sinkFile: SinkFile | undefined;
  try {
    const src = await datasetSql(dp, req.source, tp.source, session, tmpDir, req.signal, progress);
    if (src !== undefined) {
      const readSql = src.sql;
      tally.dataRead = src.bytes;
      tally.filesRead = src.files;
      const query = `SELECT ${selectList(dp, await session.columns(readSql), tp.translator)} FROM ${readSql}`;
      const r = await writeQueryToSink(query, req.sink, {
        session,
        dataPlane: dp,
        settings: tp.sink,
        activityRunId: req.activityRunId,
        tmpDir,
        progress,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      sinkFile = r.file;
      tally.rowsCopied = r.rows;
      tally.dataWritten = r.file ? r.bytes : tally.dataRead;
      tally.filesWritten = r.file ? 1 : 0;
    }
    await sinkFile?.commit();
  } catch (err) {
    await sinkFile?.abort().catch(() => undefined);
    throw err;
  } finally {
    session.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
  progress.done();
  req.log?.(`copied ${tally.rowsCopied} row(s) from ${req.source.name} to ${req.sink.name}`);
  return copyOutput(tally, Date.now() - started, tp);
}

/** A dataset made readable by DuckDB. */
export interface DatasetSql {
  /** DuckDB table expression. */
  readonly sql: string;
  /** Bytes read (files) or spooled (tables). */
  readonly bytes: number;
  readonly files: number;
}

/**
 * Makes any tabular dataset readable by DuckDB: files through their format reader (staged when not local),
 * tables by spooling the source query (`sqlReaderQuery` / `query` of `source`, else the whole table).
 * Undefined when a file dataset selects no file.
 */
export async function datasetSql(
  dp: DataPlane,
  ds: AnyDatasetBinding,
  source: JsonObject,
  session: DataPlaneSession,
  tmpDir: string,
  signal?: AbortSignal,
  progress?: ProgressReporter,
): Promise<DatasetSql | undefined> {
  if (isTableBinding(ds)) {
    const path = join(tmpDir, `table-${randomUUID()}.jsonl`);
    const batches = ds.store.query(sourceQuery(ds, source), [], {
      batchSize: SOURCE_BATCH_ROWS,
      ...(signal ? { signal } : {}),
    });
    const spool = await dp.spoolRows(batches, path, (_rows, bytes) => progress?.add({ bytes }), signal);
    return { sql: dp.spoolReadSql(path, spool.columns), bytes: spool.bytes, files: 0 };
  }
  if (!ds.format.tabular) {
    throw userError(
      'copy/incompatible-formats',
      `cannot read rows from ${ds.format.kind} dataset ${ds.name}`,
    );
  }
  const selection = await dp.selectFiles(ds, dp.readSettings(source['storeSettings']), signal);
  if (selection.files.length === 0) return undefined;
  const staged = [];
  for (const f of selection.files) staged.push(await dp.stageForRead(ds, f.entry, tmpDir, signal));
  const bytes = selection.files.reduce((n, f) => n + f.entry.size, 0);
  progress?.add({ bytes });
  const skipLineCount = Number(obj(source['formatSettings'])['skipLineCount'] ?? 0);
  const base = { decoded: staged.some((s) => s.decoded), ...(skipLineCount ? { skipLineCount } : {}) };
  const target = { path: ds.name, inputs: selection.files };
  const paths = staged.map((s) => s.localPath);
  const sql = await tableSql(dp, session, ds, paths, base, false, target);
  return { sql, bytes, files: selection.files.length };
}

/**
 * The query a table source reads: `sqlReaderQuery` or `query` of the Copy source (or Lookup source), else
 * every row of the dataset's table.
 */
export function sourceQuery(ds: TableDatasetBinding, source: JsonObject): string {
  for (const key of ['sqlReaderQuery', 'query']) {
    const q = source[key];
    if (typeof q === 'string' && q.trim() !== '') return q;
  }
  if (!ds.table) {
    throw userError(
      'copy/invalid-setting',
      `dataset ${ds.name} names no table: set typeProperties.table on the dataset or a source query`,
    );
  }
  return `SELECT * FROM ${ds.store.quoteTable(ds.table)}`;
}

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : {};
}

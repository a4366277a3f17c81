import type { DataPlane } from '../contracts/index.js';
import { openDuckDb, sqlIdent, sqlString } from './duckdb-session.js';
import { readSql, writeSql } from './format-sql.js';
import { readSettings, selectFiles } from './select-files.js';
import { jsonOfSql, rowObject } from './sql-json.js';
import { openSinkFile, stageForRead } from './staging.js';
import { spoolReadSql, spoolRows } from './table-spool.js';

/**
 * The data plane over an in-process DuckDB: one in-memory database per session, store files staged for it
 * (streamed), the formats' `read_*` / `COPY … TO` statements. The app puts it on every activity's context.
 */
export function createDuckDbDataPlane(): DataPlane {
  return {
    openSession: openDuckDb,
    readSettings,
    selectFiles,
    stageForRead,
    openSinkFile,
    readSql,
    writeSql,
    spoolRows,
    spoolReadSql,
    sqlString,
    sqlIdent,
    jsonOfSql,
    rowObject,
  };
}

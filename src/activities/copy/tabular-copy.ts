import type { DatasetBinding } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import { selectList } from './column-mapping.js';
import type { CopyTarget } from './copy-targets.js';
import { userError } from './data-access.js';
import type { DuckDbSession, FormatReadOptions } from '../../data-plane/index.js';
import type { SinkFile } from '../../data-plane/index.js';
import { openSinkFile, readSql, stageForRead, writeSql } from '../../data-plane/index.js';

/** Settings of a tabular copy. */
export interface TabularCopyOptions {
  readonly session: DuckDbSession;
  readonly source: DatasetBinding;
  readonly sink: DatasetBinding;
  readonly translator: JsonValue | undefined;
  readonly skipIncompatibleRows: boolean;
  readonly skipLineCount?: number;
  readonly filePattern?: string;
  readonly quoteAllText?: boolean;
  readonly tmpDir: string;
  readonly signal?: AbortSignal;
}

/** What one target produced. */
export interface TabularCopyResult {
  readonly sinkFile: SinkFile;
  readonly rowsCopied: number;
  readonly rowsSkipped: number;
  readonly bytesWritten: number;
}

/** Name of the DuckDB table collecting skipped rows (`file`, `line`, `csv_line`, `error_message`). */
export const SKIPPED_ROWS_TABLE = 'millrace_skipped_rows';

/**
 * Copies the inputs of one target through DuckDB: stage → read (explicit dialect, text columns) → map → COPY TO
 * the sink's temporary file → ship. Nothing is visible at the sink until the caller commits.
 */
export async function copyTabularTarget(
  target: CopyTarget,
  o: TabularCopyOptions,
): Promise<TabularCopyResult> {
  const { session, source, sink } = o;
  const staged = [];
  for (const input of target.inputs) staged.push(await stageForRead(source, input.entry, o.tmpDir, o.signal));
  const paths = staged.map((s) => s.localPath);
  const base: FormatReadOptions = {
    decoded: staged.some((s) => s.decoded),
    ...(o.skipLineCount ? { skipLineCount: o.skipLineCount } : {}),
  };
  const table = await tableSql(session, source, paths, base, o.skipIncompatibleRows, target);
  const query = `SELECT ${selectList(await session.columns(table), o.translator)} FROM ${table}`;
  const sinkFile = await openSinkFile(sink, target.path, o.tmpDir);
  try {
    if (o.skipIncompatibleRows)
      await session.run('DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans');
    const writeOpts = {
      encoded: sinkFile.encoded,
      ...(o.filePattern ? { filePattern: o.filePattern } : {}),
      ...(o.quoteAllText ? { quoteAllText: true } : {}),
    };
    const rowsCopied = await runRead(
      session,
      writeSql(sink.format, query, sinkFile.localPath, writeOpts),
      target,
    );
    const rowsSkipped = o.skipIncompatibleRows ? await collectRejects(session, target) : 0;
    const bytesWritten = await sinkFile.finish(o.signal);
    return { sinkFile, rowsCopied, rowsSkipped, bytesWritten };
  } catch (err) {
    await sinkFile.abort();
    throw err;
  }
}

/**
 * The DuckDB table expression reading `paths` of `source`. DelimitedText: learn the columns with a tolerant sniff,
 * then read with those columns fixed, so a ragged row is an error (or a skipped row) instead of a sniffing failure;
 * headerless files get ADF's names `Prop_0…`.
 */
export async function tableSql(
  session: DuckDbSession,
  source: DatasetBinding,
  paths: readonly string[],
  base: FormatReadOptions,
  skipIncompatibleRows: boolean,
  target: CopyTarget,
): Promise<string> {
  const { format } = source;
  const skip = skipIncompatibleRows ? { skipIncompatibleRows: true } : {};
  if (format.settings.kind !== 'DelimitedText') return readSql(format, paths, { ...base, ...skip });
  const sniffed = await describe(
    session,
    readSql(format, paths, { ...base, skipIncompatibleRows: true }),
    target,
  );
  const headerless = !format.settings.firstRowAsHeader;
  const columns = headerless ? sniffed.map((_, i) => `Prop_${i}`) : sniffed;
  return readSql(format, paths, { ...base, ...skip, columns });
}

async function describe(session: DuckDbSession, table: string, target: CopyTarget): Promise<string[]> {
  try {
    return await session.columns(table);
  } catch (err) {
    throw malformed(err, target);
  }
}

/** Runs a statement that reads the target's inputs; DuckDB failures become clear user errors. */
export async function runRead(session: DuckDbSession, sql: string, target: CopyTarget): Promise<number> {
  try {
    return await session.run(sql);
  } catch (err) {
    throw malformed(err, target);
  }
}

async function collectRejects(session: DuckDbSession, target: CopyTarget): Promise<number> {
  const rows = await session.rows('SELECT count(*)::INTEGER AS n FROM reject_errors');
  const n = Number(rows[0]?.['n'] ?? 0);
  if (n > 0) {
    const file = target.inputs
      .map((i) => i.entry.path)
      .join(';')
      .replace(/'/g, "''");
    await session.run(
      `CREATE TABLE IF NOT EXISTS ${SKIPPED_ROWS_TABLE} (file VARCHAR, line BIGINT, csv_line VARCHAR, error_message VARCHAR);` +
        `INSERT INTO ${SKIPPED_ROWS_TABLE} SELECT '${file}', line, csv_line, error_message FROM reject_errors`,
    );
  }
  return n;
}

/** A DuckDB read failure as a user error naming the file; the first lines of DuckDB's message say why. */
function malformed(err: unknown, target: CopyTarget): Error {
  const raw = err instanceof Error ? err.message : String(err);
  const lines = raw.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Possible'));
  const files = target.inputs.map((i) => i.entry.path).join(', ');
  const encoding = /unicode|utf-8/i.test(raw);
  return userError(
    encoding ? 'copy/bad-encoding' : 'copy/malformed-input',
    `cannot read ${files}: ${lines.slice(0, 3).join(' ')}` +
      (encoding
        ? ' (set the dataset encodingName to the file encoding)'
        : ' (enableSkipIncompatibleRow skips such rows)'),
    err,
  );
}

/** Runs a query over the target's inputs and returns its rows; DuckDB failures become clear user errors. */
export async function runReadRows(
  session: DuckDbSession,
  sql: string,
  target: CopyTarget,
): Promise<Record<string, JsonValue>[]> {
  try {
    return await session.rows(sql);
  } catch (err) {
    throw malformed(err, target);
  }
}

import type {
  DataPlane,
  DataPlaneSession,
  DatasetBinding,
  FormatReadOptions,
  SinkFile,
} from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import { selectList } from './column-mapping.js';
import type { CopyTarget } from './copy-targets.js';
import { userError } from './data-access.js';

/** Settings of a tabular copy. */
export interface TabularCopyOptions {
  readonly session: DataPlaneSession;
  readonly dataPlane: DataPlane;
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
  const { session, dataPlane: dp, source, sink } = o;
  const staged = [];
  for (const input of target.inputs)
    staged.push(await dp.stageForRead(source, input.entry, o.tmpDir, o.signal));
  const paths = staged.map((s) => s.localPath);
  const base: FormatReadOptions = {
    decoded: staged.some((s) => s.decoded),
    ...(o.skipLineCount ? { skipLineCount: o.skipLineCount } : {}),
  };
  const table = await tableSql(dp, session, source, paths, base, o.skipIncompatibleRows, target);
  const query = `SELECT ${selectList(dp, await session.columns(table), o.translator)} FROM ${table}`;
  const sinkFile = await dp.openSinkFile(sink, target.path, o.tmpDir);
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
      dp.writeSql(sink.format, query, sinkFile.localPath, writeOpts),
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

/** Rows a dialect probe reads: enough to meet a quoted value, cheap next to the copy itself. */
const DIALECT_PROBE_ROWS = 10_000;

/**
 * The DuckDB table expression reading `paths` of `source`. DelimitedText: learn the columns with a tolerant sniff,
 * then read with those columns fixed, so a ragged row is an error (or a skipped row) instead of a sniffing failure;
 * headerless files get ADF's names `Prop_0…`. Quoting as ADF reads it: with the dataset's `escapeChar` (ADF's
 * default, a backslash: `"a\"b"`), and, when the file's values double their quotes instead (`"say ""hi"""`, the
 * common RFC 4180 form), with the quote as its own escape; a file that fits neither fails on the line that does not.
 */
export async function tableSql(
  dp: DataPlane,
  session: DataPlaneSession,
  source: DatasetBinding,
  paths: readonly string[],
  base: FormatReadOptions,
  skipIncompatibleRows: boolean,
  target: CopyTarget,
): Promise<string> {
  const { format } = source;
  const skip = skipIncompatibleRows ? { skipIncompatibleRows: true } : {};
  const s = format.settings;
  if (s.kind !== 'DelimitedText') return dp.readSql(format, paths, { ...base, ...skip });
  const dialects: FormatReadOptions[] =
    s.quoteChar !== '' && s.escapeChar !== s.quoteChar ? [{}, { escapeChar: s.quoteChar }] : [{}];
  let firstError: unknown;
  for (const dialect of dialects) {
    try {
      const sniffed = await session.columns(
        dp.readSql(format, paths, { ...base, ...dialect, skipIncompatibleRows: true }),
      );
      const columns = s.firstRowAsHeader ? sniffed : sniffed.map((_, i) => `Prop_${i}`);
      const table = dp.readSql(format, paths, { ...base, ...dialect, ...skip, columns });
      // A strict look at the first rows: a quote the dialect cannot read shows up here, not half-way through a copy.
      if (dialects.length > 1 && !skipIncompatibleRows) {
        await session.rows(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} LIMIT ${DIALECT_PROBE_ROWS})`);
      }
      return table;
    } catch (err) {
      firstError ??= err;
      if (!isQuotingError(err)) break;
    }
  }
  throw malformed(firstError, target);
}

/** DuckDB could not make out the quoting: an unterminated quote, or no dialect fits the sniffed sample. */
function isQuotingError(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /unterminated quote|Error when sniffing file|not possible to automatically detect/i.test(text);
}

/** Runs a statement that reads the target's inputs; DuckDB failures become clear user errors. */
export async function runRead(session: DataPlaneSession, sql: string, target: CopyTarget): Promise<number> {
  try {
    return await session.run(sql);
  } catch (err) {
    throw malformed(err, target);
  }
}

async function collectRejects(session: DataPlaneSession, target: CopyTarget): Promise<number> {
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

/**
 * A DuckDB read failure as a user error: the file, the line when DuckDB names one, the reason in a few words and
 * the dataset setting to change; never DuckDB's own hints, settings dump or the staged copy's temporary path.
 */
function malformed(err: unknown, target: CopyTarget): Error {
  const raw = err instanceof Error ? err.message : String(err);
  const files = target.inputs.map((i) => i.entry.path).join(', ');
  const line = /CSV Error on Line: (\d+)/.exec(raw)?.[1];
  const where = line === undefined ? files : `${files}, line ${line}`;
  const quoting =
    'check the dataset\'s quoteChar and escapeChar: ADF\'s default escapeChar is a backslash (\\"), a file that doubles its quotes ("") needs escapeChar \'"\'';
  let code: 'copy/bad-encoding' | 'copy/malformed-input' = 'copy/malformed-input';
  let reason: string;
  let hint: string;
  if (/invalid unicode|not utf-8|utf-8 encoding/i.test(raw)) {
    code = 'copy/bad-encoding';
    reason = "the bytes are not valid in the dataset's encoding";
    hint = 'set the dataset encodingName to the file encoding';
  } else if (/unterminated quote/i.test(raw)) {
    reason = 'a quoted value does not end';
    hint = quoting;
  } else if (/Expected Number of Columns: (\d+) Found: (\d+)/.test(raw)) {
    const [, expected, found] = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(raw) ?? [];
    // DuckDB stops counting one column past the expected number: a longer row is "more", not expected + 1
    reason =
      Number(found) > Number(expected)
        ? `expected ${expected} columns, found more`
        : `expected ${expected} columns, found ${found}`;
    hint = 'enableSkipIncompatibleRow skips such rows; or check columnDelimiter';
  } else if (/sniffing|automatically detect/i.test(raw)) {
    reason = "its rows do not follow the dataset's columnDelimiter, quoteChar and escapeChar";
    hint = quoting;
  } else {
    // An unexpected engine message: its first line, without paths of staged copies.
    reason = (raw.split('\n')[0] ?? raw).replace(/(["'])(?:\/|[A-Za-z]:\\)[^"']*\1/g, '$1…$1');
    hint = 'enableSkipIncompatibleRow skips rows that do not parse';
  }
  return userError(code, `cannot read ${where}: ${reason} (${hint})`, err);
}

/** Runs a query over the target's inputs and returns its rows; DuckDB failures become clear user errors. */
export async function runReadRows(
  session: DataPlaneSession,
  sql: string,
  target: CopyTarget,
): Promise<Record<string, JsonValue>[]> {
  try {
    return await session.rows(sql);
  } catch (err) {
    throw malformed(err, target);
  }
}

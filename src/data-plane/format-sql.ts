import type { FileFormat, FormatReadOptions, FormatWriteOptions } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';
import { sqlString } from './duckdb-session.js';

/** A DuckDB list literal of strings: `['a', 'b']`. */
export function sqlStringList(values: readonly string[]): string {
  return `[${values.map(sqlString).join(', ')}]`;
}

function notTabular(): never {
  throw new MillraceError({
    code: 'format/unsupported',
    message: 'a Binary dataset has no rows: it can only be copied to another Binary dataset',
  });
}

/**
 * A DuckDB table expression reading local UTF-8 files of a tabular format, e.g. `read_csv([...], …)`.
 * DelimitedText reads every column as text, as ADF does; Json auto-detects objects, lines or arrays.
 */
export function readSql(format: FileFormat, paths: readonly string[], o: FormatReadOptions = {}): string {
  const s = format.settings;
  switch (s.kind) {
    case 'DelimitedText': {
      const opts = [
        `delim=${sqlString(s.columnDelimiter)}`,
        `quote=${sqlString(s.quoteChar)}`,
        `escape=${sqlString(o.escapeChar ?? s.escapeChar)}`,
        `header=${String(s.firstRowAsHeader)}`,
        `nullstr=${sqlString(s.nullValue)}`,
        `compression=${s.gzip && !o.decoded ? "'gzip'" : "'none'"}`,
      ];
      if (o.skipLineCount) opts.push(`skip=${o.skipLineCount}`);
      if (o.columns) {
        const cols = o.columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
        opts.push('auto_detect=false', `columns={${cols}}`);
      } else {
        opts.push('all_varchar=true');
      }
      if (o.skipIncompatibleRows) opts.push('ignore_errors=true', 'store_rejects=true');
      return `read_csv(${sqlStringList(paths)}, ${opts.join(', ')})`;
    }
    case 'Parquet':
      return `read_parquet(${sqlStringList(paths)}, union_by_name=true)`;
    case 'Json':
      return (
        `read_json(${sqlStringList(paths)}, format='auto', union_by_name=true, ` +
        `compression=${s.gzip ? "'gzip'" : "'uncompressed'"}${o.skipIncompatibleRows ? ', ignore_errors=true' : ''})`
      );
    case 'Binary':
      return notTabular();
  }
}

/** A DuckDB `COPY (query) TO 'localPath' (…)` statement writing a tabular format. */
export function writeSql(
  format: FileFormat,
  query: string,
  path: string,
  o: FormatWriteOptions = {},
): string {
  const s = format.settings;
  switch (s.kind) {
    case 'DelimitedText': {
      const opts = [
        'FORMAT csv',
        `DELIMITER ${sqlString(s.columnDelimiter)}`,
        `QUOTE ${sqlString(s.quoteChar)}`,
        `ESCAPE ${sqlString(s.escapeChar || s.quoteChar)}`,
        `HEADER ${String(s.firstRowAsHeader)}`,
        `NULLSTR ${sqlString(s.nullValue)}`,
        `NEW_LINE ${sqlString(s.rowDelimiter)}`,
        `COMPRESSION ${s.gzip && !o.encoded ? 'gzip' : 'none'}`,
      ];
      if (o.quoteAllText) opts.push('FORCE_QUOTE *');
      return `COPY (${query}) TO ${sqlString(path)} (${opts.join(', ')})`;
    }
    case 'Parquet': {
      // ADF writes snappy unless the dataset names a codec.
      const codec = s.compression === 'none' ? 'uncompressed' : s.compression;
      return `COPY (${query}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION ${s.explicitCompression ? codec : 'snappy'})`;
    }
    case 'Json': {
      const pattern = o.filePattern ?? 'setOfObjects';
      if (pattern !== 'setOfObjects' && pattern !== 'arrayOfObjects') {
        throw new MillraceError({
          code: 'format/unsupported',
          message: `filePattern "${pattern}" is not supported; supported: setOfObjects, arrayOfObjects`,
        });
      }
      const array = pattern === 'arrayOfObjects' ? 'true' : 'false';
      return `COPY (${query}) TO ${sqlString(path)} (FORMAT json, ARRAY ${array}, COMPRESSION ${s.gzip ? 'gzip' : 'none'})`;
    }
    case 'Binary':
      return notTabular();
  }
}

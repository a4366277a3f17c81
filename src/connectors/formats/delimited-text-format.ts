import { Duplex } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { FileFormat, FormatReadOptions, FormatWriteOptions } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { sqlString, sqlStringList } from './sql-text.js';
import { createDecoder, createEncoder, encodingLabel } from './text-encoding.js';
import { compressionOf, optionalString } from './format-settings.js';

/** Settings of a DelimitedText dataset, ADF defaults applied. */
export interface DelimitedTextSettings {
  readonly columnDelimiter: string;
  readonly quoteChar: string;
  readonly escapeChar: string;
  readonly firstRowAsHeader: boolean;
  readonly nullValue: string;
  /** WHATWG label, e.g. `utf-8`. */
  readonly encoding: string;
  readonly gzip: boolean;
  /** Row delimiter written (read accepts `\n`, `\r\n`, `\r`); default `\r\n` as ADF Copy writes. */
  readonly rowDelimiter: string;
}

/** Reads DelimitedText settings from dataset `typeProperties` (`columnDelimiter` `,`, `quoteChar` `"`, `escapeChar` `\`). */
export function delimitedTextSettings(tp: JsonObject, dataset: string): DelimitedTextSettings {
  const codec = compressionOf(tp, dataset, ['gzip']);
  return {
    columnDelimiter: optionalString(tp, 'columnDelimiter') ?? ',',
    quoteChar: optionalString(tp, 'quoteChar') ?? '"',
    escapeChar: optionalString(tp, 'escapeChar') ?? '\\',
    firstRowAsHeader: tp['firstRowAsHeader'] === true || tp['firstRowAsHeader'] === 'true',
    nullValue: optionalString(tp, 'nullValue') ?? '',
    encoding: encodingLabel(optionalString(tp, 'encodingName') ?? 'UTF-8'),
    gzip: codec === 'gzip',
    rowDelimiter: optionalString(tp, 'rowDelimiter') || '\r\n',
  };
}

/** The DelimitedText format: DuckDB `read_csv` / `COPY … (FORMAT csv)`, every column read as text (as ADF does). */
export function createDelimitedTextFormat(settings: DelimitedTextSettings): FileFormat {
  if (settings.columnDelimiter.length !== 1) {
    throw connectorError(
      ConnectorErrorCode.UnsupportedFormat,
      `columnDelimiter must be one character (got ${JSON.stringify(settings.columnDelimiter)})`,
    );
  }
  const s = settings;
  const needsDecoding = s.encoding !== 'utf-8';
  const format: FileFormat = {
    kind: 'DelimitedText',
    tabular: true,
    extension: s.gzip ? '.csv.gz' : '.csv',
    needsDecoding,
    readSql(paths: readonly string[], o: FormatReadOptions = {}): string {
      const opts = [
        `delim=${sqlString(s.columnDelimiter)}`,
        `quote=${sqlString(s.quoteChar)}`,
        `escape=${sqlString(s.escapeChar)}`,
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
    },
    writeSql(query: string, path: string, o: FormatWriteOptions = {}): string {
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
    },
  };
  if (!needsDecoding) return format;
  return {
    ...format,
    decoder: (): Duplex => {
      const decode = createDecoder(s.encoding, 'DelimitedText');
      return s.gzip ? chain(createGunzip(), decode) : decode;
    },
    encoder: (): Duplex => {
      const encode = createEncoder(s.encoding);
      return s.gzip ? chain(encode, createGzip()) : encode;
    },
  };
}

/** Two transforms as one duplex: bytes written to `first` come out of `second`. */
function chain(first: Duplex, second: Duplex): Duplex {
  first.pipe(second);
  first.on('error', (err) => second.destroy(err));
  return Duplex.from({ writable: first, readable: second });
}

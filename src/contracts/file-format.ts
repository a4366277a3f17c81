import type { Duplex } from 'node:stream';

/** The file formats of file datasets. */
export const FileFormatKind = {
  DelimitedText: 'DelimitedText',
  Parquet: 'Parquet',
  Json: 'Json',
  Binary: 'Binary',
} as const;
export type FileFormatKind = (typeof FileFormatKind)[keyof typeof FileFormatKind];

/** DelimitedText settings of a dataset, ADF defaults applied (https://learn.microsoft.com/azure/data-factory/format-delimited-text). */
export interface DelimitedTextSettings {
  readonly kind: 'DelimitedText';
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

/** Parquet settings: `compressionCodec` (`none` when absent; the writer then uses snappy, as ADF does). */
export interface ParquetSettings {
  readonly kind: 'Parquet';
  /** `none`, `snappy`, `gzip` or `zstd`. */
  readonly compression: string;
  /** The dataset names a codec (`compressionCodec` present). */
  readonly explicitCompression: boolean;
}

/** Json settings (UTF-8 only). */
export interface JsonSettings {
  readonly kind: 'Json';
  readonly gzip: boolean;
}

/** Binary has no settings that matter to reading or writing: bytes are copied as they are. */
export interface BinarySettings {
  readonly kind: 'Binary';
}

/** The settings of a file format, by kind: what the data plane reads and writes files with. */
export type FormatSettings = DelimitedTextSettings | ParquetSettings | JsonSettings | BinarySettings;

/**
 * A file format bound to its dataset settings: a description, no engine in it. The data plane
 * (`data-plane/format-sql.ts`) turns `settings` into the statements that read and write tabular files.
 */
export interface FileFormat {
  readonly kind: FileFormatKind;
  readonly tabular: boolean;
  /** Default extension with the compression suffix, e.g. `.csv.gz`. */
  readonly extension: string;
  readonly settings: FormatSettings;
  /** True when files must be transcoded to UTF-8 before the data plane reads them (`decoder` is then defined). */
  readonly needsDecoding: boolean;
  /** Capability of non-UTF-8 text formats: a stream decoding the file's encoding (and compression) to UTF-8. */
  decoder?(): Duplex;
  /** Capability of non-UTF-8 text formats: a stream encoding UTF-8 output to the dataset's encoding. */
  encoder?(): Duplex;
}

import type { Duplex } from 'node:stream';

/** The file formats of file datasets. */
export const FileFormatKind = {
  DelimitedText: 'DelimitedText',
  Parquet: 'Parquet',
  Json: 'Json',
  Binary: 'Binary',
} as const;
export type FileFormatKind = (typeof FileFormatKind)[keyof typeof FileFormatKind];

/** Read options a format applies on top of its dataset settings. */
export interface FormatReadOptions {
  /** Skip rows that do not parse (ragged rows, bad values) instead of failing. */
  readonly skipIncompatibleRows?: boolean;
  /** DelimitedText `skipLineCount`. */
  readonly skipLineCount?: number;
  /** Column names to read (DelimitedText: no sniffing, every column VARCHAR; a ragged row is then an error). */
  readonly columns?: readonly string[];
  /** The files already went through `decoder()` (plain UTF-8, uncompressed). */
  readonly decoded?: boolean;
}

/** Write options from the sink's `formatSettings`. */
export interface FormatWriteOptions {
  /** Json `filePattern`: `setOfObjects` (JSON lines, default) or `arrayOfObjects`. */
  readonly filePattern?: string;
  /** DelimitedText `quoteAllText`. */
  readonly quoteAllText?: boolean;
  /** The output will go through `encoder()` afterwards: write plain UTF-8, uncompressed. */
  readonly encoded?: boolean;
}

/** A file format bound to its dataset settings. Tabular formats read and write through DuckDB SQL. */
export interface FileFormat {
  readonly kind: FileFormatKind;
  readonly tabular: boolean;
  /** Default extension with the compression suffix, e.g. `.csv.gz`. */
  readonly extension: string;
  /** A DuckDB table expression reading local UTF-8 files, e.g. `read_csv([...], …)`. */
  readSql(localPaths: readonly string[], options?: FormatReadOptions): string;
  /** A DuckDB `COPY (query) TO 'localPath' (…)` statement. */
  writeSql(query: string, localPath: string, options?: FormatWriteOptions): string;
  /** True when files must be transcoded to UTF-8 before DuckDB reads them (`decoder` is then defined). */
  readonly needsDecoding: boolean;
  /** Capability of non-UTF-8 text formats: a stream decoding the file's encoding (and compression) to UTF-8. */
  decoder?(): Duplex;
  /** Capability of non-UTF-8 text formats: a stream encoding UTF-8 output to the dataset's encoding. */
  encoder?(): Duplex;
}

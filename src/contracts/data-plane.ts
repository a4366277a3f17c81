import type { JsonValue } from '../model/index.js';
import type { DatasetBinding } from './dataset-binding.js';
import type { FileFormat } from './file-format.js';
import type { FileEntry } from './file-store.js';
import type { RowBatch, SqlParameter, SqlValue, StatementResult, TableColumn } from './table-store.js';

/** A SQL session of the data plane (an in-memory DuckDB) for one activity run. Close it when done. */
export interface DataPlaneSession {
  /** Runs a statement; returns the number of rows it changed (COPY: rows written). */
  run(sql: string): Promise<number>;
  /** Runs a query and returns its rows as JSON objects (64-bit integers as text, so none loses digits). */
  rows(sql: string, params?: Readonly<Record<string, JsonValue>>): Promise<Record<string, JsonValue>[]>;
  /** Column names of a table expression (`DESCRIBE`). */
  columns(tableSql: string): Promise<string[]>;
  /** Column names and types of a table expression. */
  describe(tableSql: string): Promise<TableColumn[]>;
  /** Streams a query's rows in chunks, never the whole result at once. */
  stream(sql: string): AsyncIterable<RowBatch>;
  /** Runs a multi-statement script (`$name` / `?` parameters); keeps at most `maxRows` rows per result. */
  script(
    text: string,
    params: readonly SqlParameter[],
    maxRows: number,
    signal?: AbortSignal,
  ): Promise<StatementResult[]>;
  close(): void;
}

/** File-selection settings of a source's `storeSettings` (ADF read settings). */
export interface ReadSettings {
  /** Walk subfolders; ADF's default is true. */
  readonly recursive: boolean;
  readonly wildcardFolderPath?: string;
  readonly wildcardFileName?: string;
  /** Inclusive lower bound of `lastModified`. */
  readonly modifiedDatetimeStart?: Date;
  /** Exclusive upper bound of `lastModified`. */
  readonly modifiedDatetimeEnd?: Date;
  readonly deleteFilesAfterCompletion: boolean;
}

/** A selected source file and its path relative to the selection's base folder. */
export interface SelectedFile {
  readonly entry: FileEntry;
  readonly relativePath: string;
}

/** The outcome of selecting source files. */
export interface Selection {
  readonly files: readonly SelectedFile[];
  /** The folder relative paths start from. */
  readonly baseFolder: string;
  /** The dataset addresses exactly one file (no wildcard, no folder). */
  readonly singleFile: boolean;
  readonly wildcardUsed: boolean;
}

/** Read options applied on top of a format's dataset settings. */
export interface FormatReadOptions {
  /** Skip rows that do not parse (ragged rows, bad values) instead of failing. */
  readonly skipIncompatibleRows?: boolean;
  /** DelimitedText `skipLineCount`. */
  readonly skipLineCount?: number;
  /** Column names to read (DelimitedText: no sniffing, every column text; a ragged row is then an error). */
  readonly columns?: readonly string[];
  /** The files already went through the format's `decoder()` (plain UTF-8, uncompressed). */
  readonly decoded?: boolean;
  /** DelimitedText: the escape character to read with instead of the dataset's (doubled quotes: the quote). */
  readonly escapeChar?: string;
}

/** Write options from the sink's `formatSettings`. */
export interface FormatWriteOptions {
  /** Json `filePattern`: `setOfObjects` (JSON lines, default) or `arrayOfObjects`. */
  readonly filePattern?: string;
  /** DelimitedText `quoteAllText`. */
  readonly quoteAllText?: boolean;
  /** The output will go through the format's `encoder()` afterwards: write plain UTF-8, uncompressed. */
  readonly encoded?: boolean;
}

/** A source file the data plane can read: in place for local stores, else a temporary copy (decoded when needed). */
export interface StagedFile {
  readonly localPath: string;
  /** Went through the format's decoder. */
  readonly decoded: boolean;
}

/** A sink file being produced: the session writes `localPath`, then `finish` ships it, `commit` makes it visible. */
export interface SinkFile {
  readonly localPath: string;
  /** Write plain UTF-8 (the encoder runs in `finish`). */
  readonly encoded: boolean;
  /** Ships the local file to the store (not yet visible); returns the bytes written. */
  finish(signal?: AbortSignal): Promise<number>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** What a spool of streamed rows holds. */
export interface Spool {
  readonly columns: readonly TableColumn[];
  readonly rows: number;
  readonly bytes: number;
}

/**
 * The data engine activities move data through (capability `ActivityContext.dataPlane`, wired by the app):
 * SQL sessions, file selection by ADF store settings, staging of store files for the engine and atomic sink
 * files, the formats' read and write statements, row spools, and the engine's SQL dialect. Activities build
 * SQL only through it, so they never name the engine behind it.
 */
export interface DataPlane {
  /** Opens a SQL session (the engine is loaded on first use). */
  openSession(): Promise<DataPlaneSession>;
  /** Reads `storeSettings` JSON (already evaluated) into `ReadSettings` (`copy/invalid-setting` on a bad datetime). */
  readSettings(storeSettings: unknown, recursiveDefault?: boolean): ReadSettings;
  /**
   * Selects the files a dataset plus read settings address (ADF's folder/file, wildcard and modified-time
   * rules); `copy/source-not-found` when a named file does not exist.
   */
  selectFiles(ds: DatasetBinding, settings: ReadSettings, signal?: AbortSignal): Promise<Selection>;
  /** Makes a source file readable by a session with bounded memory (streamed into `tmpDir` when not local). */
  stageForRead(
    ds: DatasetBinding,
    entry: FileEntry,
    tmpDir: string,
    signal?: AbortSignal,
  ): Promise<StagedFile>;
  /** Opens a sink file at store path `path` (not visible until committed). */
  openSinkFile(ds: DatasetBinding, path: string, tmpDir: string): Promise<SinkFile>;
  /** A table expression reading local files of a tabular format (`format/unsupported` for Binary). */
  readSql(format: FileFormat, paths: readonly string[], options?: FormatReadOptions): string;
  /** A statement writing a query's rows to a local file in a tabular format. */
  writeSql(format: FileFormat, query: string, path: string, options?: FormatWriteOptions): string;
  /** Writes streamed rows to a local file with back-pressure; `onBatch` sees each batch's rows and bytes. */
  spoolRows(
    batches: AsyncIterable<RowBatch>,
    localPath: string,
    onBatch?: (rows: number, bytes: number) => void,
    signal?: AbortSignal,
  ): Promise<Spool>;
  /** The table expression reading a spool with its columns typed. */
  spoolReadSql(localPath: string, columns: readonly TableColumn[]): string;
  /** A string literal of the engine's SQL. */
  sqlString(value: string): string;
  /** A quoted identifier of the engine's SQL. */
  sqlIdent(name: string): string;
  /** A SQL value as JSON: big integers as numbers when safe (else text), dates as ISO text, bytes as base64. */
  jsonOfSql(value: SqlValue): JsonValue;
  /** A result row as a JSON object keyed by column name. */
  rowObject(columns: readonly TableColumn[], row: readonly SqlValue[]): Record<string, JsonValue>;
}

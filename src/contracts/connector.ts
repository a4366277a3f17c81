import type { Duplex, Readable, Writable } from 'node:stream';
import type { DatasetProperties, LinkedServiceProperties, ResourceReference } from '../model/index.js';

/**
 * The data plane's ports: a linked-service instance (`Connector`) that hands out a `FileStore` for file-based
 * stores, the registry of connector types, and the `DataAccess` an activity uses to reach datasets.
 * Kept as small as Kysely's `Dialect`; optional capabilities are optional methods, checked before use
 * (`connector/unsupported-capability` names the capability).
 */

/** One file or folder of a store. Paths are store-relative, `/`-separated, without a leading `/`. */
export interface FileEntry {
  /** Store-relative path, e.g. `raw/2024/orders.csv`. */
  readonly path: string;
  /** Last path segment. */
  readonly name: string;
  /** Bytes; 0 for folders. */
  readonly size: number;
  readonly lastModified: Date;
  /** Only where the store knows it (file systems); Blob and ADLS do not. */
  readonly created?: Date;
  readonly isDirectory: boolean;
}

/** Options of `FileStore.list`. */
export interface ListOptions {
  /** Walk subfolders (default false: only the folder's direct children). */
  readonly recursive?: boolean;
  /** ADF wildcard (`*`, `?`, `^` escapes) matched against file names; folders are still returned when not recursive. */
  readonly wildcard?: string;
  readonly signal?: AbortSignal;
}

/**
 * A pending write. Bytes go to a temporary name; `commit()` makes them visible at the destination in one step;
 * `abort()` discards them and leaves the destination as it was. Exactly one of the two must be called.
 */
export interface WriteHandle {
  readonly stream: Writable;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** A pending write to a local temporary file (capability `openWriteLocal`): a tool like DuckDB writes `localPath`. */
export interface LocalWriteHandle {
  readonly localPath: string;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Files of one store scope (a folder root, a container, a file system). */
export interface FileStore {
  /** Children of `folder` (`''` = the root); recursive lists files of every subfolder. Missing folder → `[]`. */
  list(folder: string, options?: ListOptions): Promise<readonly FileEntry[]>;
  /** The entry at `path`, or undefined when nothing is there. A folder is an entry with `isDirectory`. */
  stat(path: string): Promise<FileEntry | undefined>;
  /** Streams a file; `connector/not-found` when missing. */
  openRead(path: string, signal?: AbortSignal): Promise<Readable>;
  /** Starts a write to `path`; nothing is visible there until `commit()`. */
  openWrite(path: string): Promise<WriteHandle>;
  /** Deletes a file, or a folder with everything in it. Missing → no error. */
  delete(path: string): Promise<void>;
  /** Base64 MD5 of the content when the store keeps one. */
  md5?(path: string): Promise<string | undefined>;
  /** Capability of local stores: the real path of `path`, so DuckDB can read the file in place. */
  localPath?(path: string): Promise<string>;
  /** Capability of local stores: a write whose temp file DuckDB writes directly. */
  openWriteLocal?(path: string): Promise<LocalWriteHandle>;
}

/** Where a dataset lives, as in ADF `typeProperties.location` (already evaluated). */
export interface DatasetLocation {
  /** `FileServerLocation`, `AzureBlobStorageLocation`, `AzureBlobFSLocation`, `HttpServerLocation`. */
  readonly type: string;
  readonly folderPath?: string;
  readonly fileName?: string;
  readonly container?: string;
  readonly fileSystem?: string;
  readonly relativeUrl?: string;
}

/** Where a store path lives: the dataset location to open with `Connector.fileStore`, and the folder in it. */
export interface LocatedPath {
  readonly location: DatasetLocation;
  /** Store-relative folder, `/`-separated, without leading or trailing `/` (`''` for the root). */
  readonly folder: string;
}

/** A linked-service instance. */
export interface Connector {
  /** The linked-service type, e.g. `FileServer`. Shown in messages; callers ask capabilities, not types. */
  readonly type: string;
  /** Capability of file-based stores: the store a dataset location addresses (container, file system…). */
  fileStore?(location: DatasetLocation): FileStore;
  /**
   * Capability of file-based stores: where a `/`-separated path lives, read as ADF reads a log or resource
   * folder path (for Blob storage and ADLS Gen2 the first segment is the container or file system).
   */
  locate?(path: string): LocatedPath;
  /** Capability of SQL stores (SQLite, PostgreSQL): tables, queries and transactional writes. */
  tableStore?(): TableStore;
  /** Releases clients and sockets. */
  close?(): Promise<void>;
}

/** An Azure Key Vault secret reference, as written in a linked service. */
export interface KeyVaultSecretReference {
  readonly type: 'AzureKeyVaultSecret';
  readonly store: ResourceReference;
  readonly secretName: string;
  readonly secretVersion?: string;
}

/** Resolves Key Vault references to values (the secrets module provides it). Never log what it returns. */
export type SecretResolver = (reference: KeyVaultSecretReference) => Promise<string>;

/** What `create` gets besides the validated config. */
export interface ConnectorCreateOptions {
  /** Absolute project root: FileServer hosts are relative to it. */
  readonly projectRoot: string;
  readonly secrets: SecretResolver;
  /** Linked-service name, for messages. */
  readonly name?: string;
}

/** The parse result of a config schema (zod's `safeParse` shape, without depending on zod here). */
export type ConfigParseResult<C> =
  | { readonly success: true; readonly data: C }
  | {
      readonly success: false;
      readonly error: {
        readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
      };
    };

/** A config schema: validates linked-service `typeProperties` (synchronously, or once its module has loaded). */
export interface ConfigSchema<C> {
  safeParse(input: unknown): ConfigParseResult<C> | Promise<ConfigParseResult<C>>;
}

/** A registered linked-service type. Built-ins register exactly like plugins. */
export interface ConnectorRegistration<C = unknown> {
  readonly type: string;
  readonly configSchema: ConfigSchema<C>;
  create(config: C, options: ConnectorCreateOptions): Connector | Promise<Connector>;
}

/** Linked-service types by name (case-insensitive). */
export interface ConnectorRegistry {
  /** Throws `connector/duplicate-type` when the type is registered. */
  register<C>(registration: ConnectorRegistration<C>): void;
  /** Throws `connector/unknown-type`: `unknown linked service type X; supported: […]`. */
  get(type: string): ConnectorRegistration;
  types(): readonly string[];
  /** Looks up, validates `typeProperties` (`connector/invalid-config` names the field) and creates. */
  create(linkedService: LinkedServiceProperties, options: ConnectorCreateOptions): Promise<Connector>;
}

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

/** A column of a dataset schema (`schema` / `structure`). */
export interface SchemaColumn {
  readonly name: string;
  readonly type?: string;
}

/** A file dataset bound to its store and format: what activities work with. */
export interface DatasetBinding {
  /** Discriminates file bindings from `TableDatasetBinding` (absent means `file`). */
  readonly kind?: 'file';
  /** Dataset name, for messages. */
  readonly name: string;
  /** Dataset type, e.g. `DelimitedText`. */
  readonly type: string;
  readonly store: FileStore;
  /** Folder path inside the store (`''` = root). */
  readonly folderPath: string;
  /** File name when the dataset addresses one file (may hold a wildcard). */
  readonly fileName?: string;
  readonly format: FileFormat;
  readonly schema?: readonly SchemaColumn[];
}

/** A dataset with its properties and its linked service, every expression already evaluated. */
export interface ResolvedDataset {
  readonly name: string;
  readonly properties: DatasetProperties;
  readonly linkedServiceName: string;
  readonly linkedService: LinkedServiceProperties;
}

/**
 * How an activity reaches data. The engine evaluates dataset and linked-service parameters
 * (`@dataset()`, `@linkedService()`) and hands bindings out; the app wires it to the connector registry.
 */
export interface DataAccess {
  /**
   * Binds a dataset reference. The reference is a value: its `parameters` were evaluated once by the engine
   * (`ctx.typeProperties()`, `ctx.references()`) and are not evaluated again (`"@in.csv"` stays that string).
   */
  dataset(reference: ResourceReference): Promise<DatasetBinding>;
  /** The connector of a linked-service reference (a value, like `dataset`'s). */
  linkedService(reference: ResourceReference): Promise<Connector>;
  /**
   * Capability: binds a dataset reference of any kind, file or table (`AzurePostgreSqlTable`, `SqliteTable`…).
   * Activities that accept tables use it when present and fall back to `dataset`.
   */
  binding?(reference: ResourceReference): Promise<AnyDatasetBinding>;
}

/** An `ActivityContext` that carries data access (the engine adds `data`). */
export interface DataCapableContext {
  readonly data?: DataAccess;
}

/** Running totals of a long data movement (Copy). */
export interface CopyProgress {
  readonly bytes: number;
  readonly rows: number;
  readonly files: number;
}

/** An `ActivityContext` whose host renders progress (the CLI); Copy calls it at most every ~250 ms. */
export interface ProgressCapableContext {
  readonly onProgress?: (progress: CopyProgress) => void;
  /** A one-line status of a long step that has no totals (a Python environment being built: what installs now). */
  readonly onStatus?: (status: string) => void;
}

/** A value crossing a SQL driver boundary. */
export type SqlValue = string | number | bigint | boolean | Date | Uint8Array | null;

/** A table, optionally schema-qualified (PostgreSQL). */
export interface TableName {
  readonly schema?: string;
  readonly table: string;
}

/**
 * A column of a table or a result. `type` is a portable type name in DuckDB spelling: `VARCHAR`, `BIGINT`,
 * `INTEGER`, `SMALLINT`, `DOUBLE`, `FLOAT`, `DECIMAL`, `BOOLEAN`, `DATE`, `TIMESTAMP`, `TIMESTAMPTZ`, `UUID`, `BLOB`
 * (stores map their own types to these, and these to theirs when creating tables).
 */
export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

/** Some rows of a result, with its columns (the same on every batch). */
export interface RowBatch {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly SqlValue[])[];
}

/**
 * A statement parameter. Named references in SQL text (`@name`, `:name`, `$name`) bind by name; positional
 * placeholders (`?`, `$1`) bind in order.
 */
export interface SqlParameter {
  readonly name: string;
  readonly value: SqlValue;
}

/** Options of `TableStore.query`. */
export interface QueryOptions {
  /** Rows per batch (default 1,000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** The outcome of one statement of a script. */
export interface StatementResult {
  /** Present when the statement returns rows. */
  readonly columns?: readonly TableColumn[];
  /** The first `maxRows` rows. */
  readonly rows: readonly (readonly SqlValue[])[];
  /** True when the statement returned more than `maxRows` rows. */
  readonly truncated: boolean;
  /** Rows inserted, updated or deleted by a DML statement; 0 otherwise. */
  readonly rowsAffected: number;
}

/** Options of `TableStore.runScript`. */
export interface ScriptOptions {
  /** Rows kept per result (the rest are counted as truncated). */
  readonly maxRows: number;
  readonly signal?: AbortSignal;
  /** Server messages (PostgreSQL notices), for the Script activity's logs. */
  readonly onLog?: (line: string) => void;
}

/** Options of `TableStore.writeRows`. */
export interface WriteRowsOptions {
  /** Create the table (from `columns`) when it does not exist (Copy `tableOption: autoCreate`). */
  readonly autoCreate?: boolean;
  /** SQL run first, in the same transaction (Copy `preCopyScript`). */
  readonly preScript?: string;
  readonly signal?: AbortSignal;
  /** Called after each batch with the rows written so far. */
  readonly onRows?: (rows: number) => void;
}

/**
 * A SQL store's tables. Results stream in batches (never a whole table in memory); `writeRows` runs in one
 * transaction, so a failure leaves the table as it was.
 */
export interface TableStore {
  /** SQL dialect, e.g. `sqlite`, `postgres`. */
  readonly dialect: string;
  /** Streams the rows of one query. */
  query(sql: string, params?: readonly SqlParameter[], options?: QueryOptions): AsyncIterable<RowBatch>;
  /** Runs one statement; returns the rows it changed. */
  execute(sql: string, params?: readonly SqlParameter[]): Promise<number>;
  /** Runs a script of one or more `;`-separated statements, one result per statement. */
  runScript(
    text: string,
    params: readonly SqlParameter[],
    options: ScriptOptions,
  ): Promise<StatementResult[]>;
  /** Inserts rows in one transaction (committed at the end); returns the rows written. */
  writeRows(
    table: TableName,
    columns: readonly TableColumn[],
    batches: AsyncIterable<readonly (readonly SqlValue[])[]>,
    options?: WriteRowsOptions,
  ): Promise<number>;
  tableExists(table: TableName): Promise<boolean>;
  /** Columns of a table, in order; `connector/not-found` when it does not exist. */
  columns(table: TableName): Promise<readonly TableColumn[]>;
  /** The table's name quoted for this dialect, e.g. `"sales"."orders"`. */
  quoteTable(table: TableName): string;
}

/** A tabular (SQL) dataset bound to its store. */
export interface TableDatasetBinding {
  readonly kind: 'table';
  readonly name: string;
  /** Dataset type, e.g. `AzurePostgreSqlTable`, `SqliteTable`. */
  readonly type: string;
  readonly store: TableStore;
  /** Absent when the dataset names no table (a source must then give a query). */
  readonly table?: TableName;
  readonly schema?: readonly SchemaColumn[];
}

/** A file or a table dataset binding; tell them apart by `kind`. */
export type AnyDatasetBinding = DatasetBinding | TableDatasetBinding;

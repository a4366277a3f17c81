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

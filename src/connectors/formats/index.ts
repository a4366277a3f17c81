/** File formats of datasets (DelimitedText, Parquet, Json, Binary) as DuckDB read/write SQL. */
export * from './create-file-format.js';
export * from './delimited-text-format.js';
export * from './text-encoding.js';

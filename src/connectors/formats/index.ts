/** File formats of datasets (DelimitedText, Parquet, Json, Binary): settings and text encodings; the data plane reads and writes them. */
export * from './create-file-format.js';
export * from './delimited-text-format.js';
export * from './text-encoding.js';

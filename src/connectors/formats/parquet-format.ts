import type { FileFormat } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { compressionOf } from './format-settings.js';
import { sqlString, sqlStringList } from './sql-text.js';

/** The Parquet format: DuckDB `read_parquet` / `COPY … (FORMAT parquet)`; `compressionCodec` default snappy. */
export function createParquetFormat(tp: JsonObject, dataset: string): FileFormat {
  const codec = compressionOf(tp, dataset, ['snappy', 'gzip', 'zstd']);
  const compression = codec === 'none' ? 'uncompressed' : codec;
  const explicit = tp['compressionCodec'] !== undefined;
  return {
    kind: 'Parquet',
    tabular: true,
    extension: '.parquet',
    needsDecoding: false,
    readSql: (paths) => `read_parquet(${sqlStringList(paths)}, union_by_name=true)`,
    writeSql: (query, path) =>
      `COPY (${query}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION ${explicit ? compression : 'snappy'})`,
  };
}

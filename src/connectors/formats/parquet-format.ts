import type { FileFormat } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { compressionOf } from './format-settings.js';

/** The Parquet format: `compressionCodec` `none`, `snappy` (the default written), `gzip` or `zstd`. */
export function createParquetFormat(tp: JsonObject, dataset: string): FileFormat {
  const compression = compressionOf(tp, dataset, ['snappy', 'gzip', 'zstd']);
  return {
    kind: 'Parquet',
    tabular: true,
    extension: '.parquet',
    settings: { kind: 'Parquet', compression, explicitCompression: tp['compressionCodec'] !== undefined },
    needsDecoding: false,
  };
}

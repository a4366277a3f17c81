import type { FileFormat } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { createBinaryFormat } from './binary-format.js';
import { createDelimitedTextFormat, delimitedTextSettings } from './delimited-text-format.js';
import { createJsonFormat } from './json-format.js';
import { createParquetFormat } from './parquet-format.js';

/** Dataset types with a file format. */
export const FILE_DATASET_TYPES = ['DelimitedText', 'Parquet', 'Json', 'Binary'] as const;

/** The format of a file dataset, from its type and `typeProperties`; `format/unsupported` for other types. */
export function createFileFormat(datasetType: string, tp: JsonObject, dataset: string): FileFormat {
  switch (datasetType.toLowerCase()) {
    case 'delimitedtext':
      return createDelimitedTextFormat(delimitedTextSettings(tp, dataset));
    case 'parquet':
      return createParquetFormat(tp, dataset);
    case 'json':
      return createJsonFormat(tp, dataset);
    case 'binary':
      return createBinaryFormat();
    default:
      throw connectorError(
        ConnectorErrorCode.UnsupportedFormat,
        `dataset ${dataset}: type ${datasetType} is not a supported file dataset; supported: ${FILE_DATASET_TYPES.join(', ')}`,
      );
  }
}

import type { FileFormat, FormatWriteOptions } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { compressionOf, optionalString } from './format-settings.js';
import { sqlString, sqlStringList } from './sql-text.js';

/**
 * The Json format. Reading auto-detects a single object, JSON lines, concatenated objects or an array of objects
 * (as ADF does); writing follows the sink's `filePattern`: `setOfObjects` (JSON lines, default) or `arrayOfObjects`.
 */
export function createJsonFormat(tp: JsonObject, dataset: string): FileFormat {
  const gzip = compressionOf(tp, dataset, ['gzip']) === 'gzip';
  const encoding = (optionalString(tp, 'encodingName') ?? 'UTF-8').toUpperCase();
  if (!encoding.startsWith('UTF-8')) {
    throw connectorError(
      ConnectorErrorCode.UnsupportedEncoding,
      `dataset ${dataset}: Json encodingName "${encoding}" is not supported; supported: UTF-8`,
    );
  }
  return {
    kind: 'Json',
    tabular: true,
    extension: gzip ? '.json.gz' : '.json',
    needsDecoding: false,
    readSql: (paths, o = {}) =>
      `read_json(${sqlStringList(paths)}, format='auto', union_by_name=true, ` +
      `compression=${gzip ? "'gzip'" : "'uncompressed'"}${o.skipIncompatibleRows ? ', ignore_errors=true' : ''})`,
    writeSql: (query, path, o: FormatWriteOptions = {}) => {
      const pattern = o.filePattern ?? 'setOfObjects';
      if (pattern !== 'setOfObjects' && pattern !== 'arrayOfObjects') {
        throw connectorError(
          ConnectorErrorCode.UnsupportedFormat,
          `filePattern "${pattern}" is not supported; supported: setOfObjects, arrayOfObjects`,
        );
      }
      const array = pattern === 'arrayOfObjects' ? 'true' : 'false';
      return `COPY (${query}) TO ${sqlString(path)} (FORMAT json, ARRAY ${array}, COMPRESSION ${gzip ? 'gzip' : 'none'})`;
    },
  };
}

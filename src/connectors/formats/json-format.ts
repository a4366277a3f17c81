import type { FileFormat } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { compressionOf, optionalString } from './format-settings.js';

/**
 * The Json format (UTF-8, optionally gzip). Reading auto-detects a single object, JSON lines, concatenated
 * objects or an array of objects (as ADF does); writing follows the sink's `filePattern` (the data plane).
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
    settings: { kind: 'Json', gzip },
    needsDecoding: false,
  };
}

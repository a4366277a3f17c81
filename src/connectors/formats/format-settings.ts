import type { JsonObject } from '../../model/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';

/** A string property, or undefined when absent (or not a string). */
export function optionalString(tp: JsonObject, key: string): string | undefined {
  const v = tp[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The compression of a dataset: `compressionCodec` (DelimitedText, Parquet) or `compression.type` (Json, Binary),
 * lower-cased; `none` when absent. Codecs outside `supported` fail with `format/unsupported`.
 */
export function compressionOf(tp: JsonObject, dataset: string, supported: readonly string[]): string {
  const nested = tp['compression'];
  const raw =
    optionalString(tp, 'compressionCodec') ??
    (typeof nested === 'object' && nested !== null && !Array.isArray(nested)
      ? optionalString(nested as JsonObject, 'type')
      : undefined);
  const codec = (raw ?? 'none').toLowerCase();
  if (codec === 'none' || codec === '' || supported.includes(codec)) return codec || 'none';
  throw connectorError(
    ConnectorErrorCode.UnsupportedFormat,
    `dataset ${dataset}: compression "${raw}" is not supported; supported: none, ${supported.join(', ')}`,
  );
}

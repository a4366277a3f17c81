import { Duplex } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { DelimitedTextSettings, FileFormat } from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';
import { createDecoder, createEncoder, encodingLabel } from './text-encoding.js';
import { compressionOf, optionalString } from './format-settings.js';

/** Reads DelimitedText settings from dataset `typeProperties` (`columnDelimiter` `,`, `quoteChar` `"`, `escapeChar` `\`). */
export function delimitedTextSettings(tp: JsonObject, dataset: string): DelimitedTextSettings {
  const codec = compressionOf(tp, dataset, ['gzip']);
  return {
    kind: 'DelimitedText',
    columnDelimiter: optionalString(tp, 'columnDelimiter') ?? ',',
    quoteChar: optionalString(tp, 'quoteChar') ?? '"',
    escapeChar: optionalString(tp, 'escapeChar') ?? '\\',
    firstRowAsHeader: tp['firstRowAsHeader'] === true || tp['firstRowAsHeader'] === 'true',
    nullValue: optionalString(tp, 'nullValue') ?? '',
    encoding: encodingLabel(optionalString(tp, 'encodingName') ?? 'UTF-8'),
    gzip: codec === 'gzip',
    rowDelimiter: optionalString(tp, 'rowDelimiter') || '\r\n',
  };
}

/**
 * The DelimitedText format: every column is read as text (as ADF does); the data plane reads and writes it
 * with the settings. Non-UTF-8 encodings are transcoded by `decoder`/`encoder` around it.
 */
export function createDelimitedTextFormat(settings: DelimitedTextSettings): FileFormat {
  if (settings.columnDelimiter.length !== 1) {
    throw connectorError(
      ConnectorErrorCode.UnsupportedFormat,
      `columnDelimiter must be one character (got ${JSON.stringify(settings.columnDelimiter)})`,
    );
  }
  const s = settings;
  const needsDecoding = s.encoding !== 'utf-8';
  const format: FileFormat = {
    kind: 'DelimitedText',
    tabular: true,
    extension: s.gzip ? '.csv.gz' : '.csv',
    settings: s,
    needsDecoding,
  };
  if (!needsDecoding) return format;
  return {
    ...format,
    decoder: (): Duplex => {
      const decode = createDecoder(s.encoding, 'DelimitedText');
      return s.gzip ? chain(createGunzip(), decode) : decode;
    },
    encoder: (): Duplex => {
      const encode = createEncoder(s.encoding);
      return s.gzip ? chain(encode, createGzip()) : encode;
    },
  };
}

/** Two transforms as one duplex: bytes written to `first` come out of `second`. */
function chain(first: Duplex, second: Duplex): Duplex {
  first.pipe(second);
  first.on('error', (err) => second.destroy(err));
  return Duplex.from({ writable: first, readable: second });
}

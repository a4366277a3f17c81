import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';

/** ADF encoding names → WHATWG labels understood by `TextDecoder` (Node ships full ICU). */
const LABELS: Readonly<Record<string, string>> = {
  'UTF-8': 'utf-8',
  'UTF-8 WITHOUT BOM': 'utf-8',
  'UTF-16': 'utf-16le',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  'US-ASCII': 'us-ascii',
  BIG5: 'big5',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
  GB2312: 'gbk',
  GB18030: 'gb18030',
  'SHIFT-JIS': 'shift_jis',
  'ISO-2022-JP': 'iso-2022-jp',
  CP866: 'ibm866',
  'WINDOWS-874': 'windows-874',
};

/** Node `Buffer` encodings usable for writing. */
const WRITABLE: Readonly<Record<string, BufferEncoding>> = {
  'utf-8': 'utf8',
  'utf-16le': 'utf16le',
  'iso-8859-1': 'latin1',
  'us-ascii': 'latin1',
  'windows-1252': 'latin1',
};

/** The WHATWG label of an ADF `encodingName` (case-insensitive); `format/unsupported-encoding` otherwise. */
export function encodingLabel(encodingName: string): string {
  const upper = encodingName.trim().toUpperCase();
  const label =
    LABELS[upper] ??
    (/^ISO-8859-(\d+)$/.test(upper) || /^WINDOWS-125\d$/.test(upper) ? upper.toLowerCase() : undefined);
  if (label !== undefined) {
    try {
      new TextDecoder(label);
      return label;
    } catch {
      // fall through to the error
    }
  }
  throw connectorError(
    ConnectorErrorCode.UnsupportedEncoding,
    `encodingName "${encodingName}" is not supported; supported: ${Object.keys(LABELS).join(', ')}, ISO-8859-n, WINDOWS-125n`,
  );
}

/** A stream decoding `label` bytes to UTF-8; invalid bytes fail with `format/bad-encoding`. */
export function createDecoder(label: string, what: string): Transform {
  const decoder = new TextDecoder(label, { fatal: true });
  const decode = (chunk: Buffer | undefined, cb: TransformCallback): void => {
    try {
      const text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      cb(null, Buffer.from(text, 'utf8'));
    } catch (cause) {
      cb(
        connectorError(ConnectorErrorCode.BadEncoding, `${what}: the content is not valid ${label}`, {
          cause,
          hint: 'set the dataset encodingName to the encoding of the file',
        }),
      );
    }
  };
  return new Transform({
    transform: (chunk: Buffer, _enc, cb) => decode(chunk, cb),
    flush: (cb) => decode(undefined, cb),
  });
}

/** A stream encoding UTF-8 text to `label`; only encodings Node can write are allowed. */
export function createEncoder(label: string): Transform {
  const target = WRITABLE[label];
  if (target === undefined) {
    throw connectorError(
      ConnectorErrorCode.UnsupportedEncoding,
      `writing ${label} is not supported; writable: UTF-8, UTF-16, ISO-8859-1, US-ASCII, WINDOWS-1252`,
    );
  }
  const decoder = new TextDecoder('utf-8');
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, Buffer.from(decoder.decode(chunk, { stream: true }), target));
    },
    flush(cb) {
      cb(null, Buffer.from(decoder.decode(), target));
    },
  });
}

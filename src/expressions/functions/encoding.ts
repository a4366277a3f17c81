import { ExprCode } from '../expression-codes.js';
import { bytesOf, decodeBase64Strict, toBinaryValue, utf8Text } from './binary-value.js';
import { defineFunction, str } from './args.js';
import { FunctionError } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { escapeBytes, unescapeDataString, unescapeToBytes } from './uri-codec.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** base64(text): UTF-8 bytes as base64 (`base64('hello')` → `aGVsbG8=`). */
const base64 = defineFunction('base64', 1, 1, (args) => b64(bytesOf('base64', args, 0)));

function base64ToText(name: string): FunctionDef {
  return defineFunction(name, 1, 1, (args) => utf8Text(decodeBase64Strict(name, str(name, args, 0))));
}

const base64ToBinary = defineFunction('base64ToBinary', 1, 1, (args) =>
  toBinaryValue(decodeBase64Strict('base64ToBinary', str('base64ToBinary', args, 0))),
);

/** binary(text): the UTF-8 bytes of the text as a binary value. */
const binary = defineFunction('binary', 1, 1, (args) => toBinaryValue(bytesOf('binary', args, 0)));

/** dataUri(text): `data:text/plain;charset=utf-8;base64,…`. */
const dataUri = defineFunction('dataUri', 1, 1, (args) => {
  const v = args[0];
  const type =
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as Record<string, unknown>)['$content-type'] === 'string'
      ? ((v as Record<string, unknown>)['$content-type'] as string)
      : 'text/plain;charset=utf-8';
  return `data:${type};base64,${b64(bytesOf('dataUri', args, 0))}`;
});

interface DataUriParts {
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** Splits `data:[<media type>][;base64],<data>` (RFC 2397). */
function parseDataUri(fn: string, uri: string): DataUriParts {
  const comma = uri.indexOf(',');
  if (!/^data:/i.test(uri) || comma < 0)
    throw new FunctionError(
      ExprCode.InvalidFormat,
      `${fn}(): '${uri.slice(0, 40)}' is not a data URI (data:[type][;base64],data)`,
    );
  let meta = uri.slice(5, comma);
  const data = uri.slice(comma + 1);
  const isBase64 = /;base64$/i.test(meta);
  if (isBase64) meta = meta.slice(0, -7);
  const bytes = isBase64 ? decodeBase64Strict(fn, unescapeDataString(data)) : unescapeToBytes(data);
  return { mediaType: meta === '' ? 'text/plain;charset=US-ASCII' : meta, bytes };
}

const dataUriToString = defineFunction('dataUriToString', 1, 1, (args) =>
  utf8Text(parseDataUri('dataUriToString', str('dataUriToString', args, 0)).bytes),
);

function dataUriToBinaryFn(name: string): FunctionDef {
  return defineFunction(name, 1, 1, (args) => {
    const { mediaType, bytes } = parseDataUri(name, str(name, args, 0));
    return toBinaryValue(bytes, mediaType);
  });
}

function uriEncode(name: string): FunctionDef {
  return defineFunction(name, 1, 1, (args) => escapeBytes(bytesOf(name, args, 0)));
}

function uriDecode(name: string): FunctionDef {
  return defineFunction(name, 1, 1, (args) => unescapeDataString(str(name, args, 0)));
}

const uriComponentToBinary = defineFunction('uriComponentToBinary', 1, 1, (args) =>
  toBinaryValue(unescapeToBytes(str('uriComponentToBinary', args, 0))),
);

/** Encoding conversion functions: base64, data URIs, URI components (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#conversion-functions). */
export const encodingFunctions: readonly FunctionDef[] = Object.freeze([
  base64,
  base64ToText('base64ToString'),
  base64ToText('decodeBase64'),
  base64ToBinary,
  binary,
  dataUri,
  dataUriToString,
  dataUriToBinaryFn('dataUriToBinary'),
  dataUriToBinaryFn('decodeDataUri'),
  uriEncode('uriComponent'),
  uriEncode('encodeUriComponent'),
  uriDecode('uriComponentToString'),
  uriDecode('decodeUriComponent'),
  uriComponentToBinary,
]);

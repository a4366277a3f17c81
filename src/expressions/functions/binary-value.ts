import { ExprCode } from '../expression-codes.js';
import { isExprObject } from '../value.js';
import type { ExprObject, ExprValue } from '../value.js';
import { typeError } from './args.js';
import { FunctionError } from './function-def.js';

/**
 * Binary content, as the Logic-Apps-family engine represents it in JSON: `{"$content-type": …,
 * "$content": "<base64>"}` (as ADF shows binary values). Results of binary(), base64ToBinary(), dataUriToBinary()…
 */
export interface BinaryValue extends ExprObject {
  readonly '$content-type': string;
  readonly $content: string;
}

/** Wraps bytes as a binary value. */
export function toBinaryValue(bytes: Uint8Array, contentType = 'application/octet-stream'): BinaryValue {
  return Object.freeze({ '$content-type': contentType, $content: Buffer.from(bytes).toString('base64') });
}

/** True for a `{"$content-type", "$content"}` object. */
export function isBinaryValue(v: ExprValue | undefined): v is BinaryValue {
  return (
    isExprObject(v) &&
    typeof v['$content'] === 'string' &&
    typeof v['$content-type'] === 'string' &&
    Object.keys(v).length === 2
  );
}

/** The bytes of argument `i`: UTF-8 of a string, or the content of a binary value. */
export function bytesOf(fn: string, args: readonly ExprValue[], i: number): Uint8Array {
  const v = args[i];
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (isBinaryValue(v)) return Buffer.from(v.$content, 'base64');
  return typeError(fn, i, 'a string', v);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 strictly, as .NET `Convert.FromBase64String` (whitespace ignored, padding required). */
export function decodeBase64Strict(fn: string, text: string): Uint8Array {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact))
    throw new FunctionError(ExprCode.InvalidFormat, `${fn}(): the input is not a valid base64 string`);
  return Buffer.from(compact, 'base64');
}

/** UTF-8 text of bytes (invalid sequences become U+FFFD, as .NET does). */
export function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

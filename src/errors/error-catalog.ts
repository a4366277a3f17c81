import { ERROR_CODES } from './error-codes.js';
import type { ErrorSpec } from './error-spec.js';
import { ErrorKind } from './error-spec.js';

/** The spec of a code nobody catalogued (a plugin's own code): a user error, not retried, HTTP 400. */
export const UNCATALOGUED: ErrorSpec = Object.freeze({
  kind: ErrorKind.User,
  retryable: false,
  httpStatus: 400,
});

/** The catalogued spec of `code`, or undefined when the code is not in `error-codes.ts`. */
export function catalogedSpec(code: string): ErrorSpec | undefined {
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code] : undefined;
}

/** The spec of `code`: its catalog entry, else `UNCATALOGUED`. */
export function errorSpec(code: string): ErrorSpec {
  return catalogedSpec(code) ?? UNCATALOGUED;
}

/** Every catalogued code, sorted (docs, tests). */
export function catalogedCodes(): string[] {
  return Object.keys(ERROR_CODES).sort();
}

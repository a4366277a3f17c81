import { MillraceError } from '../errors/index.js';

/** Error codes raised by connectors and formats. Once shipped, a code never changes meaning. */
export const ConnectorErrorCode = {
  UnknownType: 'connector/unknown-type',
  DuplicateType: 'connector/duplicate-type',
  InvalidConfig: 'connector/invalid-config',
  PathEscape: 'connector/path-escape',
  NotFound: 'connector/not-found',
  UnsupportedCapability: 'connector/unsupported-capability',
  UnsupportedLocation: 'connector/unsupported-location',
  Io: 'connector/io-error',
  Sql: 'connector/sql-error',
  Http: 'connector/http-error',
  SecretsUnavailable: 'secrets/unavailable',
  UnsupportedFormat: 'format/unsupported',
  UnsupportedEncoding: 'format/unsupported-encoding',
  BadEncoding: 'format/bad-encoding',
} as const;
export type ConnectorErrorCode = (typeof ConnectorErrorCode)[keyof typeof ConnectorErrorCode];

/** Creates a connector error with a code from `ConnectorErrorCode`. */
export function connectorError(
  code: ConnectorErrorCode,
  message: string,
  options: { readonly cause?: unknown; readonly hint?: string } = {},
): MillraceError {
  return new MillraceError({ code, message, ...options });
}

/** The error for a missing optional capability, naming it. */
export function unsupportedCapability(what: string, capability: string): MillraceError {
  return connectorError(
    ConnectorErrorCode.UnsupportedCapability,
    `${what} does not support the capability "${capability}"`,
  );
}

import { MillraceError } from '../errors/index.js';

/** Error codes of the cloud clients. */
export const CloudErrorCode = {
  /** An Azure Resource Manager / Data Factory call failed; the message names the ARM error code. */
  AzureFailed: 'cloud/azure-failed',
  /** A Databricks REST call failed; the message names Databricks' `error_code`. */
  DatabricksFailed: 'cloud/databricks-failed',
} as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The one-line error of a failed ARM call. ARM answers `{"error": {"code", "message"}}`
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/common-deployment-errors); the SDK's
 * RestError carries it as `code`/`details`. Token values never appear: only the ARM code and message.
 */
export function azureError(what: string, err: unknown): MillraceError {
  if (err instanceof MillraceError) return err;
  const e = isObject(err) ? err : {};
  const body = isObject(e['details']) ? e['details'] : undefined;
  const inner = body && isObject(body['error']) ? body['error'] : body;
  const code =
    (inner && typeof inner['code'] === 'string' ? inner['code'] : undefined) ??
    (typeof e['code'] === 'string' ? e['code'] : undefined) ??
    'Unknown';
  const status = typeof e['statusCode'] === 'number' ? ` (HTTP ${e['statusCode']})` : '';
  const raw =
    (inner && typeof inner['message'] === 'string' ? inner['message'] : undefined) ??
    (err instanceof Error ? err.message : String(err));
  const message = raw.split('\n')[0]!.slice(0, 300);
  return new MillraceError({
    code: CloudErrorCode.AzureFailed,
    message: `Azure ${what} failed${status}: ${code}: ${message}`,
    cause: err,
  });
}

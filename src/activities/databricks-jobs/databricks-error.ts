import { ActivityError, FailureType } from '../../errors/index.js';

/** Error codes of the Databricks Jobs API path. */
export const DatabricksErrorCode = {
  /** The REST call failed (HTTP status or network); retryable for 429 and 5xx. */
  ApiFailed: 'activity/databricks-api-failed',
  /** The run ended in a state other than SUCCESS. */
  RunFailed: 'activity/databricks-run-failed',
  /** Linked-service or settings values that cannot form a run (no cluster, bad worker count…). */
  InvalidSettings: 'activity/databricks-invalid-settings',
} as const;
export type DatabricksErrorCode = (typeof DatabricksErrorCode)[keyof typeof DatabricksErrorCode];

/** Creates the error of a failed API call. */
export function apiError(
  what: string,
  status: number | undefined,
  detail: string,
  cause?: unknown,
): ActivityError {
  const transient = status === undefined || status === 429 || status >= 500;
  return new ActivityError({
    code: DatabricksErrorCode.ApiFailed,
    message: `Databricks ${what} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`,
    failureType: transient ? FailureType.SystemError : FailureType.UserError,
    retryable: transient,
    cause,
  });
}

import type { ActivityRunError } from '../contracts/index.js';
import { ActivityError, FailureType, isActivityError, isMillraceError } from '../errors/index.js';

/** Error code of a run or activity cancelled by the user. */
export const CANCELLED_CODE = 'engine/cancelled';

/**
 * The one boundary where anything thrown by an activity (executor, expression, control logic) becomes an
 * ActivityError: ActivityErrors pass through; other Millrace errors (e.g. an expression error) keep their
 * code, with the failure type and retryability the error catalog gives it (a UserError, not retried, when the
 * code is not catalogued); anything else is a retryable SystemError. The original is always the `cause`.
 */
export function toActivityError(err: unknown, activityName: string): ActivityError {
  if (isActivityError(err)) return err;
  if (isMillraceError(err)) {
    return new ActivityError({ code: err.code, message: err.message, errorCode: err.code, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ActivityError({
    code: 'engine/activity-failed',
    message: `activity "${activityName}" failed: ${message}`,
    failureType: FailureType.SystemError,
    errorCode: 'SystemError',
    cause: err,
  });
}

/** The error object of an activity run, as `@activity('x').error` shows it. */
export function errorRecord(err: ActivityError, target: string): ActivityRunError {
  return { errorCode: err.errorCode, message: err.message, failureType: err.failureType, target };
}

/** The error of an activity that was running when its run was cancelled. */
export function cancelledError(activityName: string): ActivityError {
  return new ActivityError({
    code: CANCELLED_CODE,
    message: `activity "${activityName}" was cancelled`,
    failureType: FailureType.UserError,
    errorCode: 'Cancelled',
  });
}

import { ActivityError } from '../errors/index.js';

/**
 * Fails the activity that asked the data plane for something (a bad store setting, a missing source file).
 * The failure type and retryability come from the code's entry in the error catalog.
 */
export function dataPlaneError(code: string, message: string, cause?: unknown): ActivityError {
  return new ActivityError({ code, message, cause });
}

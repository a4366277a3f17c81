import { reportError } from './output.js';
import type { ExitCode } from './output.js';

/**
 * Wraps a command body: sets the process exit code from its result, and turns a thrown error into a clear
 * message and exit code (2 for user mistakes, 70 for bugs).
 */
export function commandAction<A extends unknown[]>(
  body: (...args: A) => Promise<ExitCode>,
  isJson: (...args: A) => boolean = () => false,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = await body(...args);
    } catch (err) {
      process.exitCode = reportError(err, isJson(...args));
    }
  };
}

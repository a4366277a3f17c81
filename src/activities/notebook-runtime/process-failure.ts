import { NotebookError, NotebookErrorCode } from './notebook-error.js';
import type { ProcessOutcome } from './process-runner.js';

/**
 * The error of a process that exited non-zero. The message ends with the last stderr line (for a
 * Python script, the `Type: message` line of its traceback), already redacted.
 */
export function processFailure(what: string, outcome: ProcessOutcome): NotebookError {
  const last = [...outcome.stderrTail].reverse().find((l) => l.trim() !== '');
  const how =
    outcome.exitCode !== null
      ? `exited with code ${outcome.exitCode}`
      : `was killed by ${outcome.exitSignal}`;
  return new NotebookError({
    code: NotebookErrorCode.ProcessFailed,
    message: `${what} ${how}${last ? `: ${last.trim()}` : ''}`,
  });
}

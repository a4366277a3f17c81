import { ActivityError, FailureType } from '../../errors/index.js';
import type { ActivityErrorOptions } from '../../errors/index.js';

/** Error codes raised by the notebook runtime (`area/kebab-rule`). */
export const NotebookErrorCode = {
  /** A notebook cell raised a Python exception. */
  CellFailed: 'activity/notebook-cell-failed',
  /** The notebook path has no mapping, or no file behind it. */
  NotFound: 'activity/notebook-not-found',
  /** The path leaves the mapped folder (`..`) or the DBFS folder. */
  PathEscapes: 'activity/path-escapes-folder',
  /** `%run` includes form a cycle or nest too deep. */
  IncludeCycle: 'activity/notebook-include-cycle',
  /** The file is not a readable notebook (bad .ipynb JSON…). */
  InvalidNotebook: 'activity/invalid-notebook',
  /** The process exited with a non-zero code (or died without reporting). */
  ProcessFailed: 'activity/process-failed',
  /** The process could not be started (interpreter or command not found). */
  SpawnFailed: 'activity/process-spawn-failed',
  /** The run took longer than its timeout; the process tree was killed. */
  TimedOut: 'activity/process-timed-out',
  /** The run was cancelled through its AbortSignal; the process tree was killed. */
  Cancelled: 'activity/process-cancelled',
  /** The run's shared Spark driver could not start (or died before it was ready). */
  SparkDriverFailed: 'activity/spark-driver-failed',
  /** Bad options or typeProperties (empty command, unbalanced quotes…). */
  InvalidInput: 'activity/invalid-process-input',
} as const;
export type NotebookErrorCode = (typeof NotebookErrorCode)[keyof typeof NotebookErrorCode];

/** Where a failing cell is, and what Python raised. */
export interface NotebookFailure {
  /** Python exception class name, e.g. `ValueError`. */
  readonly exceptionType: string;
  /** The exception message (secrets redacted). */
  readonly exceptionMessage: string;
  /** 1-based cell number in the notebook, counting every cell (markdown too), as Databricks numbers them. */
  readonly cell: number;
  /** 1-based line within that cell, when Python reported one. For a `%run` cell, 1. */
  readonly line: number | undefined;
  /** From the notebook cell down to the failing one, e.g. `cell 2 of /Shared/x, line 1` > `cell 3 of /Shared/lib, line 4` (more than one entry for a `%run` include). */
  readonly where: readonly string[];
  /** Workspace path of the notebook. */
  readonly notebookPath: string;
  /** The last lines the notebook printed before it failed (redacted). */
  readonly lastOutput: readonly string[];
}

/** Options of a NotebookError. */
export interface NotebookErrorOptions extends Omit<ActivityErrorOptions, 'code'> {
  readonly code: NotebookErrorCode;
  readonly failure?: NotebookFailure;
}

/**
 * A failure of a notebook, script or command run. Cell failures carry `failure` (Python exception
 * type + message, cell number, line within the cell). Defaults: UserError, not retryable, except
 * spawn failures (SystemError).
 */
export class NotebookError extends ActivityError {
  readonly failure: NotebookFailure | undefined;

  constructor(options: NotebookErrorOptions) {
    const system = options.code === NotebookErrorCode.SpawnFailed;
    super({
      failureType: system ? FailureType.SystemError : FailureType.UserError,
      retryable: options.code === NotebookErrorCode.TimedOut ? true : system,
      ...options,
    });
    this.name = 'NotebookError';
    this.failure = options.failure;
  }
}

/**
 * `output.runError` of a failed notebook activity, in the shape of a Databricks run's error: the exception as
 * `Type: message`, where it was raised, and the last lines of output. The full traceback stays in the log.
 */
export function runErrorOf(failure: NotebookFailure): Record<string, unknown> {
  return {
    error: `${failure.exceptionType}: ${failure.exceptionMessage}`,
    errorType: failure.exceptionType,
    notebookPath: failure.notebookPath,
    cell: failure.cell,
    ...(failure.line === undefined ? {} : { line: failure.line }),
    lastOutput: [...failure.lastOutput],
  };
}

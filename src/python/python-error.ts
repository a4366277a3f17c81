import { ActivityError, FailureType } from '../errors/index.js';

/** Error codes of Python environments (`area/kebab-rule`). */
export const PythonErrorCode = {
  /** An activity library is malformed or of a kind that cannot be installed locally. */
  InvalidLibrary: 'python/invalid-library',
  /** A library file (whl, egg, jar, requirements) is not where its path points. */
  LibraryNotFound: 'python/library-not-found',
  /** pip (or uv) could not install the requirement set. */
  InstallFailed: 'python/install-failed',
  /** The base interpreter could not create a virtual environment. */
  VenvFailed: 'python/venv-failed',
} as const;
export type PythonErrorCode = (typeof PythonErrorCode)[keyof typeof PythonErrorCode];

/** A user-facing failure to resolve or build a Python environment (not retryable: the same input fails again). */
export function pythonError(
  code: PythonErrorCode,
  message: string,
  hint?: string,
  cause?: unknown,
): ActivityError {
  return new ActivityError({
    code,
    message,
    failureType: FailureType.UserError,
    retryable: false,
    ...(hint === undefined ? {} : { hint }),
    ...(cause === undefined ? {} : { cause }),
  });
}

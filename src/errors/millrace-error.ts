import { catalogedSpec } from './error-catalog.js';
import type { SourceLocation } from './location.js';

/** Options every MillraceError takes. */
export interface MillraceErrorOptions {
  /** `area/kebab-rule`, e.g. `model/duplicate-activity-name`. Never changes meaning once shipped. */
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly cause?: unknown;
}

/** The serialized shape of an error: the same in `--json` output, the REST API and the UI. */
export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
}

/**
 * The one root of every error Millrace raises on purpose. Branch on `code`, not on `instanceof`:
 * codes survive JSON, HTTP and worker boundaries.
 */
export class MillraceError extends Error {
  readonly code: string;
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;

  constructor(options: MillraceErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MillraceError';
    this.code = options.code;
    this.location = options.location;
    this.hint = options.hint;
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      ...(this.location ? { location: this.location } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
    };
  }
}

/**
 * True when `err` has the shape of an ActivityError (a code, `failureType` and `retryable`), also after it
 * crossed a serialization boundary.
 */
export function isActivityError(err: unknown): err is ActivityError {
  if (!isMillraceError(err)) return false;
  const e = err as { failureType?: unknown; retryable?: unknown; errorCode?: unknown };
  return (
    (e.failureType === FailureType.UserError || e.failureType === FailureType.SystemError) &&
    typeof e.retryable === 'boolean' &&
    typeof e.errorCode === 'string'
  );
}

/** True when `err` carries a Millrace error code (works across serialization boundaries). */
export function isMillraceError(err: unknown): err is MillraceError {
  return (
    err instanceof MillraceError ||
    (typeof err === 'object' &&
      err !== null &&
      typeof (err as { code?: unknown }).code === 'string' &&
      'message' in err)
  );
}

/** Bad input or configuration from the user: the CLI exits 2. */
export class ConfigError extends MillraceError {
  constructor(options: MillraceErrorOptions) {
    super(options);
    this.name = 'ConfigError';
  }
}

/** How an activity failure is classified, as ADF does. */
export const FailureType = { UserError: 'UserError', SystemError: 'SystemError' } as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Options of an ActivityError. */
export interface ActivityErrorOptions extends MillraceErrorOptions {
  /** Defaults to the code's kind in the error catalog (`errors/error-codes.ts`), else UserError. */
  readonly failureType?: FailureType;
  /**
   * Whether a retry may succeed (a timeout, a transient I/O error); the engine does not retry an error that is
   * not. Defaults to the code's catalog entry, else true for SystemError only.
   */
  readonly retryable?: boolean;
  /** ADF-style error code shown in the run (e.g. `2011`, or a Fail activity's errorCode). */
  readonly errorCode?: string;
  /** The activity's output despite the failure (a Databricks run's `runPageUrl` and `runError`), JSON. */
  readonly output?: Readonly<Record<string, unknown>>;
}

/** A failure inside an activity or connector, wrapped at the engine's one boundary. */
export class ActivityError extends MillraceError {
  readonly failureType: FailureType;
  readonly retryable: boolean;
  readonly errorCode: string;
  readonly output: Readonly<Record<string, unknown>> | undefined;

  constructor(options: ActivityErrorOptions) {
    super(options);
    this.name = 'ActivityError';
    this.output = options.output;
    const spec = catalogedSpec(options.code);
    this.failureType =
      options.failureType ?? (spec?.kind === 'system' ? FailureType.SystemError : FailureType.UserError);
    this.retryable = options.retryable ?? spec?.retryable ?? this.failureType === FailureType.SystemError;
    this.errorCode = options.errorCode ?? options.code;
  }
}

/** Who caused a failure: the user (input, configuration, data, user code) or the system (infrastructure, bugs). */
export const ErrorKind = { User: 'user', System: 'system' } as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

/** What the catalog says about one error code. */
export interface ErrorSpec {
  readonly kind: ErrorKind;
  /**
   * Whether another attempt may succeed. The engine's retry loop (`policy.retry`) gives up on an activity
   * error that is not retryable, as Temporal's retry policy does for a non-retryable failure.
   */
  readonly retryable: boolean;
  /** The HTTP status the REST server answers with when this error ends a request. */
  readonly httpStatus: number;
}

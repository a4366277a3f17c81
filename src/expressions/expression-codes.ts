/**
 * Error codes of the expression language (`expr/…`). The same code is used by the static checker and at
 * evaluation time, so a finding in `validate` and a failed run name the same rule.
 */
export const ExprCode = {
  /** The text is not a well-formed expression or template. */
  Syntax: 'expr/syntax',
  /** A function name that ADF does not define. */
  UnknownFunction: 'expr/unknown-function',
  /** A function called with too few or too many arguments. */
  Arity: 'expr/arity',
  /** An argument or operand of the wrong type. */
  Type: 'expr/type',
  /** A function ADF defines that Millrace cannot evaluate (xml, xpath). */
  UnsupportedFunction: 'expr/unsupported-function',
  /** `pipeline().parameters.x` where `x` is not a pipeline parameter. */
  UnknownParameter: 'expr/unknown-parameter',
  /** `pipeline().globalParameters.x` where `x` is not a global parameter. */
  UnknownGlobalParameter: 'expr/unknown-global-parameter',
  /** `variables('x')` where `x` is not a pipeline variable. */
  UnknownVariable: 'expr/unknown-variable',
  /** `activity('x')` where `x` has not run in scope (or does not exist). */
  UnknownActivity: 'expr/unknown-activity',
  /** `dataset().x` where `x` is not a dataset parameter. */
  UnknownDatasetParameter: 'expr/unknown-dataset-parameter',
  /** `linkedService().x` where `x` is not a linked-service parameter. */
  UnknownLinkedServiceParameter: 'expr/unknown-linked-service-parameter',
  /** `item()` used outside a ForEach (or Filter). */
  ItemOutsideForEach: 'expr/item-outside-foreach',
  /** `dataset()`, `linkedService()`, `trigger()` or `triggerBody()` where that scope does not exist. */
  NoScope: 'expr/no-scope',
  /** `.x` / `['x']` on an object without member `x` (use `?.` to get null). */
  MissingProperty: 'expr/missing-property',
  /** `.x` / `[i]` on a value that has no members (null, a string, a number…). */
  PropertyNotSupported: 'expr/property-not-supported',
  /** `[i]` outside the bounds of an array. */
  IndexOutOfRange: 'expr/index-out-of-range',
  /** An argument outside the allowed range (substring bounds, negative counts…). */
  OutOfRange: 'expr/out-of-range',
  /** `div`/`mod` by zero. */
  DivisionByZero: 'expr/division-by-zero',
  /**
   * An integer result or literal outside ADF's Int64 range (−9,223,372,036,854,775,808 … 9,223,372,036,854,775,807).
   * Integers are JS numbers: beyond 2^53 they hold the nearest double (see `checkedInteger`).
   */
  IntegerOverflow: 'expr/integer-overflow',
  /** Text that cannot be converted (`int('x')`, `json('{')`, bad base64, bad data URI, bad guid format). */
  InvalidFormat: 'expr/invalid-format',
  /** Text that is not a timestamp ADF can parse, or a local time skipped by a daylight-saving change. */
  InvalidTimestamp: 'expr/invalid-timestamp',
  /** A time-zone name that is neither a Windows time-zone ID nor an IANA name. */
  UnknownTimeZone: 'expr/unknown-time-zone',
  /** A `timeUnit` other than Second, Minute, Hour, Day, Week, Month, Year. */
  InvalidTimeUnit: 'expr/invalid-time-unit',
  /** A timestamp with `Z`/an offset read as local time in a non-UTC source zone (.NET `TimeZoneInfo` rule). */
  TimestampKindMismatch: 'expr/timestamp-kind-mismatch',
  /** Expression longer than ADF's 8,192-character limit (warning). */
  TooLong: 'expr/too-long',
} as const;
export type ExprCode = (typeof ExprCode)[keyof typeof ExprCode];

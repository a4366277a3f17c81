import type { ExprValue } from '../value.js';

/** What a built-in function may use besides its arguments. No I/O: time and ids are injected. */
export interface FunctionContext {
  /** The current instant (utcNow()); driven by an injectable clock. Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * The 100-ns ticks (0–9999) below `now()`'s millisecond, for a clock finer than a millisecond (a fixed clock
   * such as `--now 2024-01-31T12:00:00.1234567Z`); absent means 0.
   */
  nowSubMsTicks?(): number;
  /** A new GUID string (guid()); injectable so tests are deterministic. */
  newGuid(): string;
  /** A random integer in [min, max) (rand()); injectable. */
  random(min: number, max: number): number;
}

/**
 * A built-in function. The evaluator checks arity (`minArgs`/`maxArgs`) before calling `call`; the function
 * checks types and throws `FunctionError` (code + message) which the evaluator turns into an ExpressionError
 * pointing at the call.
 */
export interface FunctionDef {
  /** Canonical name as documented (`formatDateTime`); lookup is case-insensitive. */
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for variadic. */
  readonly maxArgs: number;
  readonly call: (args: readonly ExprValue[], ctx: FunctionContext) => ExprValue;
}

/** Thrown by a function implementation; the evaluator adds the expression and position. */
export class FunctionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FunctionError';
  }
}

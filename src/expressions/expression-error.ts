import { MillraceError } from '../errors/index.js';
import type { SourceLocation } from '../errors/index.js';

/** Options of an ExpressionError. */
export interface ExpressionErrorOptions {
  /** `expr/…`, e.g. `expr/syntax`, `expr/unknown-function`, `expr/arity`, `expr/type`, `expr/missing-parameter`. */
  readonly code: string;
  readonly message: string;
  /** The full original string (the JSON string value, including `@` / `@{…}`). */
  readonly expression: string;
  /** 0-based offset into `expression` where the problem is. */
  readonly position: number;
  /** Length of the offending span (for carets), default 1. */
  readonly length?: number;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly cause?: unknown;
}

/** A syntax or evaluation error in an ADF expression; points at an offset of the original string. */
export class ExpressionError extends MillraceError {
  readonly expression: string;
  readonly position: number;
  readonly length: number;

  constructor(options: ExpressionErrorOptions) {
    super(options);
    this.name = 'ExpressionError';
    this.expression = options.expression;
    this.position = options.position;
    this.length = options.length ?? 1;
  }
}

/** True for an ExpressionError, also after it crossed a serialization boundary (has code + position). */
export function isExpressionError(err: unknown): err is ExpressionError {
  return (
    err instanceof ExpressionError ||
    (typeof err === 'object' &&
      err !== null &&
      typeof (err as { code?: unknown }).code === 'string' &&
      typeof (err as { position?: unknown }).position === 'number' &&
      typeof (err as { expression?: unknown }).expression === 'string')
  );
}

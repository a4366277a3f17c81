import { ExpressionError } from './expression-error.js';

/** Where an error points: an offset and a length in the original string. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Builds an ExpressionError pointing at `span` of `text`. */
export function errorAt(
  text: string,
  span: Span,
  code: string,
  message: string,
  cause?: unknown,
): ExpressionError {
  return new ExpressionError({
    code,
    message,
    expression: text,
    position: span.start,
    length: Math.max(1, span.end - span.start),
    ...(cause === undefined ? {} : { cause }),
  });
}

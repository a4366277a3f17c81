import type { EvalContext } from './context.js';
import type { ExprValue } from './value.js';

/** A compiled expression: evaluates against a context. Compiled once per string, reused for every evaluation. */
export type Evaluator = (ctx: EvalContext) => ExprValue;

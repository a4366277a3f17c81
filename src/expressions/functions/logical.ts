import { valuesEqual } from '../equality.js';
import { ExprFloat, ExprInt64 } from '../value.js';
import type { ExprValue } from '../value.js';
import { bool, defineFunction, typeError } from './args.js';
import type { FunctionDef } from './function-def.js';

/**
 * and(e1, e2, …) / or(e1, e2, …): booleans only. The evaluator short-circuits these (and `if`): it evaluates
 * an argument only when the result still depends on it; these eager bodies serve direct calls.
 */
const and = defineFunction('and', 2, Infinity, (args) => {
  for (let i = 0; i < args.length; i++) if (!bool('and', args, i)) return false;
  return true;
});

const or = defineFunction('or', 2, Infinity, (args) => {
  for (let i = 0; i < args.length; i++) if (bool('or', args, i)) return true;
  return false;
});

const not = defineFunction('not', 1, 1, (args) => !bool('not', args, 0));

/** if(condition, whenTrue, whenFalse): lazy in the evaluator. */
const ifFn = defineFunction('if', 3, 3, (args) => (bool('if', args, 0) ? args[1]! : args[2]!));

const equals = defineFunction('equals', 2, 2, (args) => valuesEqual(args[0]!, args[1]!));

/** A number (an Int64 beyond 2^53 as its BigInt: JS orders BigInts and numbers exactly) or a string. */
function numberOrString(v: ExprValue): number | bigint | string | undefined {
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof ExprFloat) return v.value;
  if (v instanceof ExprInt64) return v.value;
  return undefined;
}

/** Compares two numbers, or two strings ordinally; anything else is a type error. */
function compare(fn: string, args: readonly ExprValue[]): number {
  const a = numberOrString(args[0]!);
  const b = numberOrString(args[1]!);
  if (a === undefined) typeError(fn, 0, 'a number or a string', args[0]);
  if (b === undefined || (typeof a === 'string') !== (typeof b === 'string'))
    typeError(
      fn,
      1,
      typeof a === 'string' ? 'a string (like the first)' : 'a number (like the first)',
      args[1],
    );
  return a < b ? -1 : a > b ? 1 : 0;
}

const greater = defineFunction('greater', 2, 2, (args) => compare('greater', args) > 0);
const greaterOrEquals = defineFunction(
  'greaterOrEquals',
  2,
  2,
  (args) => compare('greaterOrEquals', args) >= 0,
);
const less = defineFunction('less', 2, 2, (args) => compare('less', args) < 0);
const lessOrEquals = defineFunction('lessOrEquals', 2, 2, (args) => compare('lessOrEquals', args) <= 0);

/** Logical comparison functions (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#logical-functions). */
export const logicalFunctions: readonly FunctionDef[] = Object.freeze([
  and,
  or,
  not,
  ifFn,
  equals,
  greater,
  greaterOrEquals,
  less,
  lessOrEquals,
]);

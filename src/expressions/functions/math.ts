import { ExprCode } from '../expression-codes.js';
import { integerQuotient } from '../int64.js';
import { ExprFloat, toFloatValue } from '../value.js';
import type { ExprValue } from '../value.js';
import { arr, checkedInteger, defineFunction, int, num, rangeError, typeError } from './args.js';
import { FunctionError } from './function-def.js';
import type { FunctionDef } from './function-def.js';

/** Largest `range()` result, so a typo cannot exhaust memory. */
export const MAX_RANGE_COUNT = 100_000;

function isInt(v: ExprValue): boolean {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * A two-operand arithmetic function: integer op integer ⇒ integer (checked against the Int64 range; beyond 2^53
 * the nearest double, see int64.ts), otherwise float.
 */
function arithmetic(
  name: string,
  intOp: (a: number, b: number) => number,
  floatOp: (a: number, b: number) => number,
): FunctionDef {
  return defineFunction(name, 2, 2, (args) => {
    const a = num(name, args, 0);
    const b = num(name, args, 1);
    if (isInt(args[0]!) && isInt(args[1]!)) return checkedInteger(name, intOp(a, b));
    const r = floatOp(a, b);
    if (!Number.isFinite(r))
      throw new FunctionError(
        ExprCode.IntegerOverflow,
        `${name}(): the result is outside the range of a float`,
      );
    return toFloatValue(r);
  });
}

function nonZero(name: string, b: number): void {
  if (b === 0) throw new FunctionError(ExprCode.DivisionByZero, `${name}(): attempted to divide by zero`);
}

const add = arithmetic(
  'add',
  (a, b) => a + b,
  (a, b) => a + b,
);
const sub = arithmetic(
  'sub',
  (a, b) => a - b,
  (a, b) => a - b,
);
const mul = arithmetic(
  'mul',
  (a, b) => a * b,
  (a, b) => a * b,
);
/** div: integer division truncating toward zero for two integers (`div(-7, 2)` → -3), else float. */
const div = arithmetic(
  'div',
  (a, b) => (nonZero('div', b), integerQuotient(a, b)),
  (a, b) => (nonZero('div', b), a / b),
);
/** mod: the remainder takes the sign of the dividend (`mod(-5, 2)` → -1). */
const mod = arithmetic(
  'mod',
  (a, b) => (nonZero('mod', b), a % b),
  (a, b) => (nonZero('mod', b), a % b),
);

/** max/min(n1, n2, …) or max/min(array): the chosen item keeps its type. */
function extreme(name: string, pickGreater: boolean): FunctionDef {
  return defineFunction(name, 1, Infinity, (args) => {
    let items: readonly ExprValue[] = args;
    if (args.length === 1) {
      const only = args[0]!;
      if (Array.isArray(only)) items = arr(name, args, 0);
      if (items.length === 0) rangeError(name, 'the array is empty');
    }
    let best: ExprValue = null;
    let bestN = 0;
    for (let i = 0; i < items.length; i++) {
      const v = items[i]!;
      const n =
        typeof v === 'number'
          ? v
          : v instanceof ExprFloat
            ? v.value
            : typeError(name, args === items ? i : 0, args === items ? 'a number' : 'an array of numbers', v);
      if (i === 0 || (pickGreater ? n > bestN : n < bestN)) {
        best = v;
        bestN = n;
      }
    }
    return best;
  });
}

/** rand(min, max): an integer in [min, max) from the injected random source. */
const rand = defineFunction('rand', 2, 2, (args, ctx) => {
  const min = int('rand', args, 0);
  const max = int('rand', args, 1);
  if (min > max) rangeError('rand', `minValue ${min} is greater than maxValue ${max}`);
  if (min === max) return min;
  return ctx.random(min, max);
});

/** range(startIndex, count): `count` consecutive integers from `startIndex`. */
const range = defineFunction('range', 2, 2, (args) => {
  const start = int('range', args, 0);
  const count = int('range', args, 1);
  if (count < 0) rangeError('range', `count must not be negative (got ${count})`);
  if (count > MAX_RANGE_COUNT) rangeError('range', `count ${count} exceeds the limit of ${MAX_RANGE_COUNT}`);
  checkedInteger('range', start + count);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = start + i;
  return out;
});

/** Math functions (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#math-functions). */
export const mathFunctions: readonly FunctionDef[] = Object.freeze([
  add,
  sub,
  mul,
  div,
  mod,
  extreme('max', true),
  extreme('min', false),
  rand,
  range,
]);

import { ExprCode } from '../expression-codes.js';
import { bigIntOf } from '../int64.js';
import { ExprFloat, ExprInt64, isInteger, toFloatValue } from '../value.js';
import type { ExprValue } from '../value.js';
import { arr, checkedBigInteger, defineFunction, int, num, rangeError, typeError } from './args.js';
import { FunctionError } from './function-def.js';
import type { FunctionDef } from './function-def.js';

/** Largest `range()` result, so a typo cannot exhaust memory. */
export const MAX_RANGE_COUNT = 100_000;

/**
 * A two-operand arithmetic function: integer op integer ⇒ integer, exact over the whole Int64 range (ADF
 * integers are .NET `long`), with `expr/integer-overflow` outside it; otherwise float. Safe operands whose result
 * is safe stay in JS numbers; anything larger is computed again in BigInt.
 */
function arithmetic(
  name: string,
  numberOp: (a: number, b: number) => number,
  bigOp: (a: bigint, b: bigint) => bigint,
  floatOp: (a: number, b: number) => number,
): FunctionDef {
  return defineFunction(name, 2, 2, (args) => {
    const x = args[0]!;
    const y = args[1]!;
    if (isInteger(x) && isInteger(y)) {
      if (
        typeof x === 'number' &&
        typeof y === 'number' &&
        Number.isSafeInteger(x) &&
        Number.isSafeInteger(y)
      ) {
        const r = numberOp(x, y);
        if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
      }
      return checkedBigInteger(name, bigOp(bigIntOf(x), bigIntOf(y)));
    }
    const r = floatOp(num(name, args, 0), num(name, args, 1));
    if (!Number.isFinite(r))
      throw new FunctionError(
        ExprCode.IntegerOverflow,
        `${name}(): the result is outside the range of a float`,
      );
    return toFloatValue(r);
  });
}

function nonZero(name: string, b: number | bigint): void {
  if (b === 0 || b === 0n)
    throw new FunctionError(ExprCode.DivisionByZero, `${name}(): attempted to divide by zero`);
}

const add = arithmetic(
  'add',
  (a, b) => a + b,
  (a, b) => a + b,
  (a, b) => a + b,
);
const sub = arithmetic(
  'sub',
  (a, b) => a - b,
  (a, b) => a - b,
  (a, b) => a - b,
);
const mul = arithmetic(
  'mul',
  (a, b) => a * b,
  (a, b) => a * b,
  (a, b) => a * b,
);
/** div: integer division truncating toward zero for two integers (`div(-7, 2)` → -3), else float. */
const div = arithmetic(
  'div',
  (a, b) => (nonZero('div', b), Math.trunc(a / b)), // exact for safe operands: a non-integral quotient is more than half an ulp from an integer
  (a, b) => (nonZero('div', b), a / b), // BigInt division truncates toward zero, as .NET's
  (a, b) => (nonZero('div', b), a / b),
);
/** mod: the remainder takes the sign of the dividend (`mod(-5, 2)` → -1). */
const mod = arithmetic(
  'mod',
  (a, b) => (nonZero('mod', b), a % b),
  (a, b) => (nonZero('mod', b), a % b),
  (a, b) => (nonZero('mod', b), a % b),
);

/** An integer or float argument as a number or (beyond 2^53) a BigInt, for exact comparison. */
function magnitude(v: ExprValue): number | bigint | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof ExprFloat) return v.value;
  if (v instanceof ExprInt64) return v.value;
  return undefined;
}

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
    let bestN: number | bigint = 0;
    for (let i = 0; i < items.length; i++) {
      const v = items[i]!;
      // JS compares a BigInt with a number exactly, so an Int64 beyond 2^53 is ordered correctly.
      const n =
        magnitude(v) ??
        typeError(name, args === items ? i : 0, args === items ? 'a number' : 'an array of numbers', v);
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
  if (Number.isSafeInteger(start) && Number.isSafeInteger(start + count)) {
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = start + i;
    return out;
  }
  // Beyond 2^53: exact Int64 items (the start as given, not its nearest double)
  const first = bigIntOf(args[0] as number | ExprInt64);
  checkedBigInteger('range', first + BigInt(count));
  return Array.from({ length: count }, (_, i) => checkedBigInteger('range', first + BigInt(i)));
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

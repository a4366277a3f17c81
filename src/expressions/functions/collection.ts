import { valuesEqual } from '../equality.js';
import { setMember } from '../json-text.js';
import { toText } from '../value-text.js';
import { isExprObject } from '../value.js';
import type { ExprObject, ExprValue } from '../value.js';
import { arr, defineFunction, int, rangeError, str, typeError } from './args.js';
import type { FunctionDef } from './function-def.js';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** contains(collection, value): substring of a string, element of an array, key of an object (case-sensitive). */
const contains = defineFunction('contains', 2, 2, (args) => {
  const c = args[0]!;
  const v = args[1]!;
  if (typeof c === 'string') return c.includes(str('contains', args, 1));
  if (Array.isArray(c)) return (c as readonly ExprValue[]).some((x) => valuesEqual(x, v));
  if (isExprObject(c)) return hasOwn(c, str('contains', args, 1));
  return typeError('contains', 0, 'a string, an array or an object', c);
});

/** empty(collection): true for '', [], {} and null. */
const empty = defineFunction('empty', 1, 1, (args) => {
  const c = args[0]!;
  if (c === null) return true;
  if (typeof c === 'string') return c.length === 0;
  if (Array.isArray(c)) return c.length === 0;
  if (isExprObject(c)) return Object.keys(c).length === 0;
  return typeError('empty', 0, 'a string, an array or an object', c);
});

function ends(fn: string, fromEnd: boolean): FunctionDef {
  return defineFunction(fn, 1, 1, (args) => {
    const c = args[0]!;
    if (typeof c === 'string') return c.length === 0 ? null : c[fromEnd ? c.length - 1 : 0]!;
    if (Array.isArray(c)) {
      const a = c as readonly ExprValue[];
      return a.length === 0 ? null : a[fromEnd ? a.length - 1 : 0]!;
    }
    return typeError(fn, 0, 'a string or an array', c);
  });
}

/** length(collection): characters of a string or items of an array. */
const length = defineFunction('length', 1, 1, (args) => {
  const c = args[0]!;
  if (typeof c === 'string' || Array.isArray(c)) return c.length;
  return typeError('length', 0, 'a string or an array', c);
});

/** join(array, delimiter): items converted as string() does. */
const join = defineFunction('join', 2, 2, (args) => {
  const items = arr('join', args, 0);
  const delimiter = str('join', args, 1);
  let out = '';
  for (let i = 0; i < items.length; i++) out += (i > 0 ? delimiter : '') + toText(items[i]!);
  return out;
});

function count(fn: string, args: readonly ExprValue[]): number {
  const n = int(fn, args, 1);
  if (n < 0) rangeError(fn, `count must not be negative (got ${n})`);
  return n;
}

/** skip(collection, count): drops the first `count` items (or characters); beyond the end gives empty. */
const skip = defineFunction('skip', 2, 2, (args) => {
  const c = args[0]!;
  const n = count('skip', args);
  if (typeof c === 'string') return c.slice(n);
  if (Array.isArray(c)) return c.slice(n) as ExprValue;
  return typeError('skip', 0, 'an array or a string', c);
});

/** take(collection, count): the first `count` items (or characters); beyond the end gives all. */
const take = defineFunction('take', 2, 2, (args) => {
  const c = args[0]!;
  const n = count('take', args);
  if (typeof c === 'string') return c.slice(0, n);
  if (Array.isArray(c)) return c.slice(0, n) as ExprValue;
  return typeError('take', 0, 'an array or a string', c);
});

function collectionKind(fn: string, args: readonly ExprValue[]): 'array' | 'object' {
  const first = args[0]!;
  const kind = Array.isArray(first) ? 'array' : isExprObject(first) ? 'object' : undefined;
  if (kind === undefined) return typeError(fn, 0, 'an array or an object', first);
  for (let i = 1; i < args.length; i++) {
    const v = args[i]!;
    if (kind === 'array' ? !Array.isArray(v) : !isExprObject(v))
      typeError(fn, i, kind === 'array' ? 'an array (like the first)' : 'an object (like the first)', v);
  }
  return kind;
}

function pushDistinct(out: ExprValue[], v: ExprValue): void {
  if (!out.some((x) => valuesEqual(x, v))) out.push(v);
}

/**
 * union(c1, c2, …): distinct items in first-seen order, or merged objects (last value wins). Like concat, one
 * collection is accepted (its distinct items), so a single-argument call is not flagged before ADF would run it.
 */
const union = defineFunction('union', 1, Infinity, (args) => {
  if (collectionKind('union', args) === 'array') {
    const out: ExprValue[] = [];
    for (const a of args) for (const v of a as readonly ExprValue[]) pushDistinct(out, v);
    return out;
  }
  const out: Record<string, ExprValue> = {};
  for (const o of args) for (const [k, v] of Object.entries(o as ExprObject)) setMember(out, k, v);
  return out;
});

/**
 * intersection(c1, c2, …): distinct items present in every array, or keys present in every object. One
 * collection is accepted: its distinct items (or the object itself).
 */
const intersection = defineFunction('intersection', 1, Infinity, (args) => {
  if (collectionKind('intersection', args) === 'array') {
    const out: ExprValue[] = [];
    const rest = args.slice(1) as (readonly ExprValue[])[];
    for (const v of args[0] as readonly ExprValue[])
      if (rest.every((a) => a.some((x) => valuesEqual(x, v)))) pushDistinct(out, v);
    return out;
  }
  const objects = args as readonly ExprObject[];
  const out: Record<string, ExprValue> = {};
  for (const k of Object.keys(objects[0]!)) {
    if (objects.every((o) => hasOwn(o, k))) setMember(out, k, objects[objects.length - 1]![k]!);
  }
  return out;
});

/** Collection functions (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#collection-functions). */
export const collectionFunctions: readonly FunctionDef[] = Object.freeze([
  contains,
  empty,
  ends('first', false),
  ends('last', true),
  length,
  join,
  skip,
  take,
  union,
  intersection,
]);

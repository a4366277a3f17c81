import type { CallNode, ExprNode } from './ast/expr-node.js';
import { errorAt } from './compile-error.js';
import type { Span } from './compile-error.js';
import { compileParameter, compileReference } from './evaluate-reference.js';
import { compileIndex, compileProperty } from './evaluate-member.js';
import type { Evaluator } from './evaluator.js';
import { ExprCode } from './expression-codes.js';
import { FunctionError } from './functions/function-def.js';
import type { FunctionDef } from './functions/function-def.js';
import { lookupFunction } from './functions/function-registry.js';
import { referenceArity, referenceFunctionOf } from './reference-functions.js';
import { typeName } from './value.js';
import type { ExprValue } from './value.js';

/**
 * Compiles an expression AST into a closure tree: names are resolved, arity is checked and fast paths are
 * chosen once, so evaluating does no lookups by name. Throws ExpressionError for unknown functions and
 * arity errors (ADF rejects those before evaluating anything). `text` is the original string, for errors.
 */
export function compileNode(node: ExprNode, text: string): Evaluator {
  switch (node.kind) {
    case 'Literal': {
      const value = node.value;
      return () => value;
    }
    case 'Call':
      return compileCall(node, text);
    case 'Property': {
      const fast = parameterPath(
        node.object,
        node.name,
        node.nullSafe,
        { start: node.nameStart, end: node.end },
        text,
      );
      return fast ?? compileProperty(node, compileNode(node.object, text), text);
    }
    case 'Index': {
      const key =
        node.index.kind === 'Literal' && typeof node.index.value === 'string' ? node.index.value : undefined;
      const fast =
        key === undefined ? undefined : parameterPath(node.object, key, node.nullSafe, node.index, text);
      return fast ?? compileIndex(node, compileNode(node.object, text), compileNode(node.index, text), text);
    }
  }
}

/** `pipeline().parameters.X` / `pipeline().globalParameters.X` (any casing, `.`/`['…']`) → direct lookup. */
function parameterPath(
  object: ExprNode,
  name: string,
  nullSafe: boolean,
  span: Span,
  text: string,
): Evaluator | undefined {
  if (object.kind !== 'Property' || object.nullSafe) return undefined;
  const inner = object.object;
  if (inner.kind !== 'Call' || inner.args.length !== 0 || inner.name.toLowerCase() !== 'pipeline')
    return undefined;
  const group = object.name.toLowerCase();
  if (group !== 'parameters' && group !== 'globalparameters') return undefined;
  return compileParameter(group === 'globalparameters', name, nullSafe, text, span);
}

function compileCall(node: CallNode, text: string): Evaluator {
  const nameSpan = { start: node.start, end: node.start + node.name.length };
  const ref = referenceFunctionOf(node.name);
  const def = ref === undefined ? lookupFunction(node.name) : undefined;
  if (ref === undefined && def === undefined)
    throw errorAt(text, nameSpan, ExprCode.UnknownFunction, `'${node.name}' is not a known function`);
  const min = ref !== undefined ? referenceArity[ref] : def!.minArgs;
  const max = ref !== undefined ? referenceArity[ref] : def!.maxArgs;
  const n = node.args.length;
  if (n < min || n > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw errorAt(
      text,
      node,
      ExprCode.Arity,
      `${ref ?? def!.name}() expects ${expected} argument${expected === '1' ? '' : 's'}, got ${n}`,
    );
  }
  const args = node.args.map((a) => compileNode(a, text));
  if (ref !== undefined) return compileReference(ref, node, args, text);
  switch (def!.name) {
    case 'if':
      return compileIf(node, args, text);
    case 'and':
      return compileShortCircuit(node, args, text, false);
    case 'or':
      return compileShortCircuit(node, args, text, true);
    default:
      return compileBuiltin(def!, node, args, text);
  }
}

/** Wraps a FunctionError as an ExpressionError pointing at the call; other errors pass through. */
function rethrow(err: unknown, text: string, node: CallNode): never {
  if (err instanceof FunctionError) throw errorAt(text, node, err.code, err.message, err);
  throw err;
}

function compileBuiltin(
  def: FunctionDef,
  node: CallNode,
  args: readonly Evaluator[],
  text: string,
): Evaluator {
  const call = def.call;
  const n = args.length;
  if (n === 0) return (ctx) => invoke(call, [], ctx.functions, text, node);
  if (n === 1) {
    const a0 = args[0]!;
    return (ctx) => invoke(call, [a0(ctx)], ctx.functions, text, node);
  }
  if (n === 2) {
    const a0 = args[0]!;
    const a1 = args[1]!;
    return (ctx) => invoke(call, [a0(ctx), a1(ctx)], ctx.functions, text, node);
  }
  return (ctx) => {
    const values = new Array<ExprValue>(n);
    for (let i = 0; i < n; i++) values[i] = args[i]!(ctx);
    return invoke(call, values, ctx.functions, text, node);
  };
}

function invoke(
  call: FunctionDef['call'],
  values: readonly ExprValue[],
  fns: Parameters<FunctionDef['call']>[1],
  text: string,
  node: CallNode,
): ExprValue {
  try {
    return call(values, fns);
  } catch (err) {
    return rethrow(err, text, node);
  }
}

function expectBoolean(fn: string, v: ExprValue, index: number, node: CallNode, text: string): boolean {
  if (typeof v === 'boolean') return v;
  const position = ['first', 'second', 'third'][index] ?? `#${index + 1}`;
  throw errorAt(
    text,
    node.args[index]!,
    ExprCode.Type,
    `${fn}() expects its ${position} argument to be a boolean; the provided value is of type '${typeName(v)}'`,
  );
}

/** if(c, a, b): evaluates only the chosen branch, as ADF's `if` does (`@if(true, 1, div(1,0))` is 1). */
function compileIf(node: CallNode, args: readonly Evaluator[], text: string): Evaluator {
  const [cond, whenTrue, whenFalse] = args as [Evaluator, Evaluator, Evaluator];
  return (ctx) => (expectBoolean('if', cond(ctx), 0, node, text) ? whenTrue(ctx) : whenFalse(ctx));
}

/** and/or: stop at the first argument that decides the result. */
function compileShortCircuit(
  node: CallNode,
  args: readonly Evaluator[],
  text: string,
  isOr: boolean,
): Evaluator {
  const fn = isOr ? 'or' : 'and';
  return (ctx) => {
    for (let i = 0; i < args.length; i++)
      if (expectBoolean(fn, args[i]!(ctx), i, node, text) === isOr) return isOr;
    return !isOr;
  };
}

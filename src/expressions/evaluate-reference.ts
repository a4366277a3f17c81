import type { CallNode } from './ast/expr-node.js';
import { errorAt } from './compile-error.js';
import type { Span } from './compile-error.js';
import type { ActivityState, EvalContext } from './context.js';
import type { Evaluator } from './evaluator.js';
import { ExprCode } from './expression-codes.js';
import { findKey, getMember, listNames } from './member-access.js';
import type { ReferenceFunction } from './reference-functions.js';
import { typeName } from './value.js';
import type { ExprObject, ExprValue } from './value.js';

const EMPTY: ExprObject = Object.freeze({});
const pipelineObjects = new WeakMap<EvalContext, ExprObject>();
const activityObjects = new WeakMap<ActivityState, ExprObject>();

/** `pipeline()`: the system variables plus `parameters` and `globalParameters` (built once per context). */
export function pipelineObject(ctx: EvalContext): ExprObject {
  let o = pipelineObjects.get(ctx);
  if (o === undefined) {
    o = Object.freeze({
      ...(ctx.pipeline ?? {}),
      parameters: ctx.parameters ?? EMPTY,
      globalParameters: ctx.globalParameters ?? EMPTY,
    });
    pipelineObjects.set(ctx, o);
  }
  return o;
}

/** `activity('x')`: `{ output, status, error }` of an activity state (null when absent). */
function activityObject(state: ActivityState): ExprObject {
  let o = activityObjects.get(state);
  if (o === undefined) {
    o = Object.freeze({
      output: state.output ?? null,
      status: state.status ?? null,
      error: state.error ?? null,
    });
    activityObjects.set(state, o);
  }
  return o;
}

function nameArg(fn: string, v: ExprValue, text: string, span: Span): string {
  if (typeof v !== 'string')
    throw errorAt(
      text,
      span,
      ExprCode.Type,
      `${fn}() expects a name (a string); the provided value is of type '${typeName(v)}'`,
    );
  return v;
}

/**
 * Reads `pipeline().parameters.<name>` / `pipeline().globalParameters.<name>` straight from the context,
 * without building the `pipeline()` object (the hot path of most pipelines).
 */
export function compileParameter(
  global: boolean,
  name: string,
  nullSafe: boolean,
  text: string,
  span: Span,
): Evaluator {
  const code = global ? ExprCode.UnknownGlobalParameter : ExprCode.UnknownParameter;
  const what = global ? 'global parameter' : 'pipeline parameter';
  return (ctx) => {
    const params = global ? ctx.globalParameters : ctx.parameters;
    if (params !== undefined) {
      const v = getMember(params, name);
      if (v !== undefined) return v;
    }
    if (nullSafe) return null;
    throw errorAt(
      text,
      span,
      code,
      `${what} '${name}' is not defined (defined: ${listNames(Object.keys(params ?? EMPTY))})`,
    );
  };
}

/** Compiles a call of a reference function (pipeline, variables, activity, item, dataset…). */
export function compileReference(
  ref: ReferenceFunction,
  node: CallNode,
  args: readonly Evaluator[],
  text: string,
): Evaluator {
  switch (ref) {
    case 'pipeline':
      return pipelineObject;
    case 'variables': {
      const arg = args[0]!;
      const span = node.args[0]!;
      return (ctx) => {
        const name = nameArg('variables', arg(ctx), text, span);
        const vars = ctx.variables;
        const v = vars === undefined ? undefined : getMember(vars, name);
        if (v !== undefined) return v;
        throw errorAt(
          text,
          span,
          ExprCode.UnknownVariable,
          `variable '${name}' is not defined (defined: ${listNames(Object.keys(vars ?? EMPTY))})`,
        );
      };
    }
    case 'activity': {
      const arg = args[0]!;
      const span = node.args[0]!;
      return (ctx) => {
        const name = nameArg('activity', arg(ctx), text, span);
        const acts = ctx.activities;
        let state = acts?.get(name);
        if (state === undefined && acts !== undefined) {
          const key = findKey(acts.keys(), name);
          if (key !== undefined) state = acts.get(key);
        }
        if (state !== undefined) return activityObject(state);
        throw errorAt(
          text,
          span,
          ExprCode.UnknownActivity,
          `activity '${name}' has not run in this scope or does not exist (available: ${listNames(acts?.keys() ?? [])})`,
        );
      };
    }
    case 'item':
      return (ctx) => {
        const item = ctx.item;
        if (item === undefined)
          throw errorAt(
            text,
            node,
            ExprCode.ItemOutsideForEach,
            'item() is only available inside a ForEach (or a Filter condition)',
          );
        return item;
      };
    case 'dataset':
    case 'linkedService':
    case 'trigger':
    case 'triggerBody':
      return (ctx) => {
        const v = ctx[ref];
        if (v === undefined)
          throw errorAt(
            text,
            node,
            ExprCode.NoScope,
            `${ref}() is not available here (only inside ${scopeOf(ref)})`,
          );
        return v;
      };
  }
}

function scopeOf(ref: 'dataset' | 'linkedService' | 'trigger' | 'triggerBody'): string {
  if (ref === 'dataset') return 'a dataset definition';
  if (ref === 'linkedService') return 'a linked service definition';
  return 'a trigger definition';
}

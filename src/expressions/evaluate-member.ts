import type { IndexNode, PropertyNode } from './ast/expr-node.js';
import { errorAt } from './compile-error.js';
import type { Span } from './compile-error.js';
import type { Evaluator } from './evaluator.js';
import { ExprCode } from './expression-codes.js';
import { getMember, listNames } from './member-access.js';
import { toText } from './value-text.js';
import { ExprInt64, isExprObject, typeName } from './value.js';
import type { ExprObject, ExprValue } from './value.js';

/** Reads member `name` of `target`, or throws the ADF-style error (missing property / not selectable). */
export function selectMember(
  target: ExprValue,
  name: string,
  nullSafe: boolean,
  text: string,
  span: Span,
): ExprValue {
  if (isExprObject(target)) {
    const v = getMember(target, name);
    if (v !== undefined) return v;
    if (nullSafe) return null;
    throw missingProperty(target, name, text, span);
  }
  if (target === null && nullSafe) return null;
  throw errorAt(
    text,
    span,
    ExprCode.PropertyNotSupported,
    `cannot select property '${name}': property selection is not supported on values of type '${typeName(target)}'${target === null ? " (use '?.' to get null instead)" : ''}`,
  );
}

function missingProperty(target: ExprObject, name: string, text: string, span: Span): Error {
  return errorAt(
    text,
    span,
    ExprCode.MissingProperty,
    `property '${name}' doesn't exist, available properties are: ${listNames(Object.keys(target))} (use '?.' to get null instead)`,
  );
}

/** Compiles `object.name` / `object?.name`. */
export function compileProperty(node: PropertyNode, object: Evaluator, text: string): Evaluator {
  const { name, nullSafe } = node;
  const span = { start: node.nameStart, end: node.end };
  return (ctx) => selectMember(object(ctx), name, nullSafe, text, span);
}

/** Compiles `object[index]` / `object?[index]`: array positions or object members. */
export function compileIndex(node: IndexNode, object: Evaluator, index: Evaluator, text: string): Evaluator {
  const { nullSafe } = node;
  const span = node.index;
  return (ctx) => {
    const target = object(ctx);
    const key = index(ctx);
    if (Array.isArray(target)) {
      const items = target as readonly ExprValue[];
      if (key instanceof ExprInt64) {
        if (nullSafe) return null;
        throw errorAt(
          text,
          span,
          ExprCode.IndexOutOfRange,
          `array index '${key.value}' is outside bounds (0, ${items.length - 1}) of the array`,
        );
      }
      if (typeof key !== 'number' || !Number.isInteger(key))
        throw errorAt(
          text,
          span,
          ExprCode.Type,
          `an array index must be an integer; the provided value is of type '${typeName(key)}'`,
        );
      if (key >= 0 && key < items.length) return items[key]!;
      if (nullSafe) return null;
      throw errorAt(
        text,
        span,
        ExprCode.IndexOutOfRange,
        `array index '${key}' is outside bounds (0, ${items.length - 1}) of the array`,
      );
    }
    if (isExprObject(target) || target === null) {
      if (typeof key !== 'string')
        throw errorAt(
          text,
          span,
          ExprCode.Type,
          `a property name must be a string; the provided value is of type '${typeName(key)}'`,
        );
      return selectMember(target, key, nullSafe, text, span);
    }
    const what = typeof key === 'string' ? `property '${key}'` : `index '${toText(key)}'`;
    throw errorAt(
      text,
      span,
      ExprCode.PropertyNotSupported,
      `cannot select ${what}: selection is not supported on values of type '${typeName(target)}'`,
    );
  };
}

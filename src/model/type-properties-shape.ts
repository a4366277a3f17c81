import {
  arrayOf,
  isAny,
  isArray,
  isBoolean,
  isDynamicBoolean,
  isDynamicNumber,
  isDynamicString,
  isExpression,
  isExpressionObject,
  isObject,
  isReference,
  isString,
  opt,
  shape,
} from './shape-guards.js';
import type { Guard } from './shape-guards.js';

/**
 * The shape of an activity's `typeProperties` as a factory file holds them (expressions not yet evaluated),
 * declared once per activity type without zod. `millrace validate` derives both of its checks from it: the
 * fast guard (`typePropertiesGuard`, plain predicates, no zod) and the zod schema that names each finding
 * (`typePropertiesSchema` in `schemas/`), which also makes the JSON Schema files. Objects are loose:
 * properties a shape does not list are kept and not checked.
 */
export type ValueShape = {
  /** Absent is allowed. */
  readonly optional?: boolean;
  /** The message of a finding when a required `string` is missing or not a string. */
  readonly error?: string;
} & (
  | {
      readonly kind:
        | 'string'
        | 'boolean'
        | 'dynamicString'
        | 'dynamicNumber'
        | 'dynamicBoolean'
        | 'expression'
        | 'anyObject'
        | 'any'
        | 'anyArray'
        | 'activities'
        | 'libraries';
    }
  | { readonly kind: 'reference'; readonly referenceType: string }
  | { readonly kind: 'arrayOf'; readonly item: ValueShape }
  | { readonly kind: 'fields'; readonly fields: TypePropertiesShape }
);

/** The properties of a `typeProperties` object (or of a nested object) by name. */
export type TypePropertiesShape = Readonly<Record<string, ValueShape>>;

/** Builders of value shapes, named after what ADF accepts (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions). */
export const shapes = {
  /** A JSON string (`error` replaces the finding's message). */
  string: (error?: string): ValueShape =>
    error === undefined ? { kind: 'string' } : { kind: 'string', error },
  boolean: (): ValueShape => ({ kind: 'boolean' }),
  /** A string or an Expression object. */
  dynamicString: (): ValueShape => ({ kind: 'dynamicString' }),
  /** A number, a string or an expression. */
  dynamicNumber: (): ValueShape => ({ kind: 'dynamicNumber' }),
  /** A boolean, a string or an expression. */
  dynamicBoolean: (): ValueShape => ({ kind: 'dynamicBoolean' }),
  /** `"@…"` or `{"value": "@…", "type": "Expression"}`. */
  expression: (): ValueShape => ({ kind: 'expression' }),
  /** Any JSON object. */
  anyObject: (): ValueShape => ({ kind: 'anyObject' }),
  /** Any value. */
  any: (): ValueShape => ({ kind: 'any' }),
  /** Any JSON array. */
  anyArray: (): ValueShape => ({ kind: 'anyArray' }),
  /** Nested activities (an array; each activity is checked on its own, by its type). */
  activities: (): ValueShape => ({ kind: 'activities' }),
  /** Cluster libraries: an array of objects or an Expression object. */
  libraries: (): ValueShape => ({ kind: 'libraries' }),
  /** `{"referenceName", "type", "parameters"?}`, e.g. `reference('DatasetReference')`. */
  reference: (referenceType: string): ValueShape => ({ kind: 'reference', referenceType }),
  arrayOf: (item: ValueShape): ValueShape => ({ kind: 'arrayOf', item }),
  /** A loose object whose listed properties have these shapes. */
  fields: (fields: TypePropertiesShape): ValueShape => ({ kind: 'fields', fields }),
  optional: (value: ValueShape): ValueShape => ({ ...value, optional: true }),
} as const;

const libraries: Guard = (v) => arrayOf(isObject)(v) || isExpressionObject(v);

function valueGuard(value: ValueShape): Guard {
  const g = requiredGuard(value);
  return value.optional === true ? opt(g) : g;
}

function requiredGuard(value: ValueShape): Guard {
  switch (value.kind) {
    case 'string':
      return isString;
    case 'boolean':
      return isBoolean;
    case 'dynamicString':
      return isDynamicString;
    case 'dynamicNumber':
      return isDynamicNumber;
    case 'dynamicBoolean':
      return isDynamicBoolean;
    case 'expression':
      return isExpression;
    case 'anyObject':
      return isObject;
    case 'any':
      return isAny;
    case 'anyArray':
    case 'activities':
      return isArray;
    case 'libraries':
      return libraries;
    case 'reference':
      return isReference;
    case 'arrayOf':
      return arrayOf(valueGuard(value.item));
    case 'fields':
      return typePropertiesGuard(value.fields);
  }
}

const guards = new WeakMap<TypePropertiesShape, Guard>();

/**
 * The fast check of a shape: true exactly when the zod schema made from the same shape accepts the value
 * (well-formed.test.ts compares the two), without loading zod. Built once per shape.
 */
export function typePropertiesGuard(fields: TypePropertiesShape): Guard {
  let g = guards.get(fields);
  if (g === undefined) {
    g = shape(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueGuard(v)])));
    guards.set(fields, g);
  }
  return g;
}

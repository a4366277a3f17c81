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
import type { JsonObject, JsonValue } from './json.js';

/** How the run-time settings treat a property (`ValueShape.atRunTime`). */
export type AtRunTime = 'checkedByExecutor' | 'lenient' | 'unread';

/**
 * The shape of an activity's `typeProperties` as a factory file holds them (expressions not yet evaluated),
 * declared once per activity type without zod. `millrace validate` derives both of its checks from it: the
 * fast guard (`typePropertiesGuard`, plain predicates, no zod) and the zod schema that names each finding
 * (`typePropertiesSchema` in `schemas/`), which also makes the JSON Schema files. Objects are loose:
 * properties a shape does not list are kept and not checked. The settings an executor gets derive from the
 * same shape (`evaluatedSettingsSchema` in `activities/`: the value of each property once the engine has
 * evaluated its expressions); `default` and `atRunTime` tell that derivation what validate does not need.
 */
export type ValueShape = {
  /** Absent is allowed. */
  readonly optional?: boolean;
  /** The message of a finding when a required `string` is missing or not a string. */
  readonly error?: string;
  /** Run time only: the value the executor gets when the property is absent (ADF's default). */
  readonly default?: JsonValue;
  /**
   * Run time only (validate ignores it). `checkedByExecutor`: absent is allowed, the executor reports it with
   * its own error code; `lenient`: a value that does not fit counts as absent (then `default` applies);
   * `unread`: not parsed, the executor gets the value as it is.
   */
  readonly atRunTime?: AtRunTime;
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

/**
 * The value an executor gets for a property of shape `V`, once the engine evaluated its expressions: a dynamic
 * string is a string, a dynamic number a number, a reference `{referenceName, type, parameters?}` of values.
 */
export type EvaluatedValue<V extends ValueShape> = V extends { readonly atRunTime: 'unread' }
  ? JsonValue
  : V extends { readonly kind: 'string' | 'dynamicString' }
    ? string
    : V extends { readonly kind: 'dynamicNumber' }
      ? number
      : V extends { readonly kind: 'boolean' | 'dynamicBoolean' }
        ? boolean
        : V extends { readonly kind: 'anyObject' }
          ? JsonObject
          : V extends { readonly kind: 'anyArray' }
            ? JsonValue[]
            : V extends { readonly kind: 'reference' }
              ? EvaluatedReference
              : V extends { readonly kind: 'arrayOf'; readonly item: infer I extends ValueShape }
                ? EvaluatedItem<I>[]
                : V extends { readonly kind: 'fields'; readonly fields: infer F extends TypePropertiesShape }
                  ? EvaluatedSettings<F>
                  : JsonValue;

/** An array item of shape `I`: a lenient item without a default that does not fit is `undefined`. */
type EvaluatedItem<I extends ValueShape> = I extends { readonly default: JsonValue }
  ? EvaluatedValue<I>
  : I extends { readonly atRunTime: 'lenient' }
    ? EvaluatedValue<I> | undefined
    : EvaluatedValue<I>;

/** A dataset, linked-service … reference as the engine evaluated it: `referenceName` is a value. */
export interface EvaluatedReference {
  readonly referenceName: string;
  readonly type: string;
  readonly parameters?: JsonObject;
  readonly [extra: string]: unknown;
}

/** Whether an executor may get no value for a property of shape `V` (no default, and absence allowed). */
type MayBeAbsent<V> = V extends { readonly default: JsonValue }
  ? false
  : V extends { readonly optional: true } | { readonly atRunTime: AtRunTime }
    ? true
    : false;

/**
 * The settings an executor gets for a `typeProperties` shape: a loose object (unlisted properties kept, as
 * the engine evaluated them).
 */
export type EvaluatedSettings<F extends TypePropertiesShape> = {
  readonly [K in keyof F as MayBeAbsent<F[K]> extends true ? never : K]: EvaluatedValue<F[K]>;
} & {
  readonly [K in keyof F as MayBeAbsent<F[K]> extends true ? K : never]?: EvaluatedValue<F[K]>;
} & { readonly [property: string]: JsonValue };

/**
 * Builders of value shapes, named after what ADF accepts (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions).
 * Each returns its exact type, so the settings derived from a shape are typed too (`EvaluatedSettings`).
 */
export const shapes = {
  /** A JSON string (`error` replaces the finding's message). */
  string: (error?: string): { readonly kind: 'string'; readonly error?: string } =>
    error === undefined ? { kind: 'string' } : { kind: 'string', error },
  boolean: () => ({ kind: 'boolean' }) as const,
  /** A string or an Expression object. */
  dynamicString: () => ({ kind: 'dynamicString' }) as const,
  /** A number, a string or an expression. */
  dynamicNumber: () => ({ kind: 'dynamicNumber' }) as const,
  /** A boolean, a string or an expression. */
  dynamicBoolean: () => ({ kind: 'dynamicBoolean' }) as const,
  /** `"@…"` or `{"value": "@…", "type": "Expression"}`. */
  expression: () => ({ kind: 'expression' }) as const,
  /** Any JSON object. */
  anyObject: () => ({ kind: 'anyObject' }) as const,
  /** Any value. */
  any: () => ({ kind: 'any' }) as const,
  /** Any JSON array. */
  anyArray: () => ({ kind: 'anyArray' }) as const,
  /** Nested activities (an array; each activity is checked on its own, by its type). */
  activities: () => ({ kind: 'activities' }) as const,
  /** Cluster libraries: an array of objects or an Expression object. */
  libraries: () => ({ kind: 'libraries' }) as const,
  /** `{"referenceName", "type", "parameters"?}`, e.g. `reference('DatasetReference')`. */
  reference: (referenceType: string) => ({ kind: 'reference', referenceType }) as const,
  arrayOf: <I extends ValueShape>(item: I) => ({ kind: 'arrayOf', item }) as const,
  /** A loose object whose listed properties have these shapes. */
  fields: <F extends TypePropertiesShape>(fields: F) => ({ kind: 'fields', fields }) as const,
  optional: <V extends ValueShape>(value: V): V & { readonly optional: true } => ({
    ...value,
    optional: true,
  }),
  /** Run time only: the value an absent property takes (`optional` still says whether validate allows absence). */
  withDefault: <V extends ValueShape>(
    value: V,
    fallback: EvaluatedValue<V> & JsonValue,
  ): V & { readonly default: JsonValue } => ({ ...value, default: fallback }),
  /** Run time only: absent is allowed, the executor reports it with its own error code. */
  checkedByExecutor: <V extends ValueShape>(value: V): V & { readonly atRunTime: 'checkedByExecutor' } => ({
    ...value,
    atRunTime: 'checkedByExecutor',
  }),
  /** Run time only: a value that does not fit counts as absent (then the default applies). */
  lenient: <V extends ValueShape>(value: V): V & { readonly atRunTime: 'lenient' } => ({
    ...value,
    atRunTime: 'lenient',
  }),
  /** Run time only: not parsed, the executor gets the value as it is (or does not read it). */
  unread: <V extends ValueShape>(value: V): V & { readonly atRunTime: 'unread' } => ({
    ...value,
    atRunTime: 'unread',
  }),
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

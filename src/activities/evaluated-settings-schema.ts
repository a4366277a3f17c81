import { z } from 'zod';
import type { EvaluatedSettings, JsonValue, TypePropertiesShape, ValueShape } from '../model/index.js';
import { jsonObject, resourceReference } from './settings-schemas.js';

/**
 * The settings schema an executor parses its evaluated `typeProperties` with, derived from the activity
 * type's `typeProperties` shape, the one `validate` checks: the properties, which are required and of what
 * type are declared once. The engine evaluates every expression first, so each shape maps to the schema of
 * its value: a dynamic string to a string, a dynamic number to a number, a reference to
 * `{referenceName, type, parameters?}` of values. Objects are loose (unlisted properties are kept).
 * Loaded through `lazySchema` (`<name>-settings.ts`), so zod loads only when such an activity runs.
 */
export function evaluatedSettingsSchema<F extends TypePropertiesShape>(
  fields: F,
): z.ZodType<EvaluatedSettings<F>> {
  return objectSchema(fields) as unknown as z.ZodType<EvaluatedSettings<F>>;
}

/** ADF takes a number written as a string where a number is expected (`"3"`, `"-1.5e2"`). */
const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

const evaluatedNumber = z.union([z.number(), z.string().regex(NUMERIC).transform(Number)], {
  error: 'expected a number',
});

/** `true`/`false`, or the strings `"true"`/`"false"`. */
const evaluatedBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  error: 'expected a boolean',
});

function objectSchema(fields: TypePropertiesShape): z.ZodObject {
  return z.looseObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueSchema(v)])));
}

function valueSchema(value: ValueShape): z.ZodType {
  if (value.atRunTime === 'unread') return z.unknown().optional();
  const schema = kindSchema(value);
  const fallback = value.default;
  const absent = (): JsonValue | undefined =>
    fallback === undefined ? undefined : structuredClone(fallback);
  if (value.atRunTime === 'lenient') return schema.catch(absent);
  if (fallback !== undefined) return schema.optional().transform((v) => v ?? absent());
  if (value.optional === true || value.atRunTime === 'checkedByExecutor') return schema.optional();
  return schema;
}

function kindSchema(value: ValueShape): z.ZodType {
  switch (value.kind) {
    case 'string':
    case 'dynamicString':
      return z.string();
    case 'dynamicNumber':
      return evaluatedNumber;
    case 'boolean':
      return z.boolean();
    case 'dynamicBoolean':
      return evaluatedBoolean;
    case 'anyObject':
      return jsonObject;
    case 'anyArray':
      return z.array(z.unknown());
    case 'reference':
      return resourceReference;
    case 'arrayOf':
      return z.array(valueSchema(value.item));
    case 'fields':
      return objectSchema(value.fields);
    // An expression evaluates to any value; nested activities and libraries are read by their executors.
    case 'expression':
    case 'any':
    case 'activities':
    case 'libraries':
      return z.unknown();
  }
}

/** The names a settings type declares (not its index signature). */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 };

/** `T` with the properties `R` has rules for replaced by the rules' outputs (absent stays absent). */
export type Ruled<T, R> = { [P in keyof T as P extends keyof R ? never : P]: T[P] } & {
  [P in keyof T as P extends keyof R ? P : never]: P extends keyof R
    ? (R[P] extends z.ZodType ? z.output<R[P]> : never) | (undefined extends T[P] ? undefined : never)
    : never;
};

/**
 * Rules on the values of derived settings that a shape cannot say (a method among those supported, a URL, a
 * timespan converted to milliseconds …), layered on `evaluatedSettingsSchema`: each rule parses its property
 * when it is present, its output replaces the value, its issues keep their path. Which properties exist and
 * which are required stay the shape's.
 */
export function withRules<T extends object, const R extends { readonly [K in KnownKeys<T>]?: z.ZodType }>(
  base: z.ZodType<T>,
  rules: R,
): z.ZodType<Ruled<T, R>> {
  return base.transform((settings, ctx) => {
    const out: Record<string, unknown> = { ...(settings as Record<string, unknown>) };
    let failed = false;
    for (const [key, rule] of Object.entries(rules) as [string, z.ZodType][]) {
      if (out[key] === undefined) continue;
      const parsed = rule.safeParse(out[key]);
      if (parsed.success) {
        out[key] = parsed.data;
        continue;
      }
      failed = true;
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: [key, ...issue.path], message: issue.message });
      }
    }
    return failed ? z.NEVER : (out as Ruled<T, R>);
  });
}

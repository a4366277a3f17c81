import { z } from 'zod';
import type { EvaluatedSettings, TypePropertiesShape, ValueShape } from '../model/index.js';
import { jsonObject, resourceReference } from './settings-schemas.js';

/** Rules on the values of some of a shape's properties (zod schemas of the evaluated value). */
export type SettingsRules<F extends TypePropertiesShape> = { readonly [K in keyof F]?: z.ZodType };

/**
 * The settings schema an executor parses its evaluated `typeProperties` with, derived from the activity
 * type's `typeProperties` shape, the one `validate` checks: the properties, which are required and of what
 * type are declared once. The engine evaluates every expression first, so each shape maps to the schema of
 * its value: a dynamic string to a string, a dynamic number to a number, a reference to
 * `{referenceName, type, parameters?}` of values. Objects are loose (unlisted properties are kept).
 * Loaded through `lazySchema` (`<name>-settings.ts`), so zod loads only when such an activity runs.
 *
 * `rules` add what a shape cannot say about a value (a method among those supported, a URL, a timespan made
 * milliseconds …): a rule parses its property's value (or default) once the shape accepted it, and its output
 * replaces it. A rule never adds a property nor makes one required. Where the shape and the rule both reject
 * a value, the rule's message is reported: it is the more precise one.
 */
export function evaluatedSettingsSchema<
  F extends TypePropertiesShape,
  const R extends SettingsRules<F> = Record<never, never>,
>(fields: F, rules?: R): z.ZodType<Ruled<EvaluatedSettings<F>, R>> {
  return objectSchema(fields, rules ?? {}) as unknown as z.ZodType<Ruled<EvaluatedSettings<F>, R>>;
}

/** `T` with the properties `R` has rules for typed as the rules' outputs. */
export type Ruled<T, R> = { [P in keyof T as P extends keyof R ? never : P]: T[P] } & {
  [P in keyof T as P extends keyof R ? P : never]: P extends keyof R
    ? (R[P] extends z.ZodType ? z.output<R[P]> : never) | (undefined extends T[P] ? undefined : never)
    : never;
};

/** zod's name of a value's type, for messages in zod's own words. */
function received(input: unknown): string {
  if (input === null) return 'null';
  return Array.isArray(input) ? 'array' : typeof input;
}

/** ADF takes a number written as a string where a number is expected (`"3"`, `"-1.5e2"`). */
const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

const evaluatedNumber = z.union([z.number(), z.string().regex(NUMERIC).transform(Number)], {
  error: (issue) => `Invalid input: expected number, received ${received(issue.input)}`,
});

/** `true`/`false`, or the strings `"true"`/`"false"`. */
const evaluatedBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  error: (issue) => `Invalid input: expected boolean, received ${received(issue.input)}`,
});

function objectSchema(
  fields: TypePropertiesShape,
  rules: Readonly<Record<string, z.ZodType | undefined>>,
): z.ZodObject {
  return z.looseObject(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueSchema(v, rules[k])])),
  );
}

function valueSchema(value: ValueShape, rule: z.ZodType | undefined): z.ZodType {
  const kind = value.atRunTime === 'unread' ? z.unknown() : kindSchema(value);
  const fallback = value.default;
  const lenient = value.atRunTime === 'lenient';
  const mayBeAbsent = value.optional === true || value.atRunTime !== undefined || fallback !== undefined;
  if (rule === undefined && !lenient && fallback === undefined) return mayBeAbsent ? kind.optional() : kind;
  const parse = z
    .unknown()
    .optional() // so that zod runs the transform for an absent property
    .transform((input, ctx) => {
      let parsed = kind.safeParse(input);
      if (input === undefined || (!parsed.success && lenient)) {
        if (fallback !== undefined) parsed = kind.safeParse(structuredClone(fallback));
        else if (mayBeAbsent) return undefined;
      }
      // The rule runs on the value the shape made, or on the input to report its own message.
      const ruled = rule?.safeParse(parsed.success ? parsed.data : input);
      if (parsed.success && (ruled === undefined || ruled.success)) return ruled ? ruled.data : parsed.data;
      const issues =
        ruled !== undefined && !ruled.success ? ruled.error.issues : (parsed.error?.issues ?? []);
      for (const issue of issues)
        ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
      return z.NEVER;
    });
  // Without a default, an absent property stays absent (and its rule does not run).
  return mayBeAbsent && fallback === undefined ? parse.optional() : parse;
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
      return z.array(valueSchema(value.item, undefined));
    case 'fields':
      return objectSchema(value.fields, {});
    // An expression evaluates to any value; nested activities and libraries are read by their executors.
    case 'expression':
    case 'any':
    case 'activities':
    case 'libraries':
      return z.unknown();
  }
}

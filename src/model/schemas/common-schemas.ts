import { z } from 'zod';

/**
 * Building blocks shared by the resource schemas: expressions, references, parameter and variable specs,
 * secrets. Every object schema is loose: unknown properties are kept, never dropped.
 */

/** A regex matching any of `values` case-insensitively (JSON Schema has no `i` flag, so spell it out). */
export function caseInsensitivePattern(values: readonly string[]): RegExp {
  const spell = (v: string): string =>
    [...v]
      .map((ch) => {
        const lo = ch.toLowerCase();
        const up = ch.toUpperCase();
        if (lo !== up) return `[${up}${lo}]`;
        return ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      })
      .join('');
  return new RegExp(`^(?:${values.map(spell).join('|')})$`);
}

/** A string that must be one of `values`, compared case-insensitively (ADF accepts `string` for `String`). */
export function caseInsensitiveEnum(values: readonly string[], what: string): z.ZodString {
  return z
    .string({ error: `expected ${what}: one of ${values.join(', ')}` })
    .regex(caseInsensitivePattern(values), { error: `expected ${what}: one of ${values.join(', ')}` });
}

/** `{"value": "@…", "type": "Expression"}`. */
export const expressionObjectSchema = z
  .looseObject({
    value: z.string({ error: 'an Expression object needs a string "value"' }),
    type: z.literal('Expression', { error: 'expected "Expression"' }),
  })
  .meta({ id: 'ExpressionObject', description: 'Dynamic content: {"value": "@…", "type": "Expression"}' });

/** A bare `@…` string expression. */
export const expressionStringSchema = z.string().regex(/^@/, { error: 'expected an expression starting with @' });

/** An ADF expression in either spelling. */
export const expressionSchema = z.union([expressionObjectSchema, expressionStringSchema], {
  error: 'expected an expression: "@…" or {"value": "@…", "type": "Expression"}',
});

/** A literal of `literal` or an expression (ADF's `any (T)`). */
export function dynamic<T extends z.ZodType>(literal: T): z.ZodUnion<[T, typeof expressionObjectSchema, z.ZodString]> {
  return z.union([literal, expressionObjectSchema, z.string()]);
}

/** Dynamic string: any string or an Expression object. */
export const dynamicString = z.union([z.string(), expressionObjectSchema], {
  error: 'expected a string or an Expression object',
});

/** Dynamic number: a number, a numeric string, or an expression. */
export const dynamicNumber = dynamic(z.number());
/** Dynamic boolean: true/false, "true"/"false", or an expression. */
export const dynamicBoolean = dynamic(z.boolean());

/** `{"referenceName", "type": "…Reference", "parameters"?}`; `referenceName` may be an expression. */
export function referenceSchema(kind: string): z.ZodObject {
  return z.looseObject({
    referenceName: dynamicString.meta({ description: `Name of the referenced ${kind}` }),
    type: z.string({ error: `expected a reference type such as "${kind}"` }).meta({ examples: [kind] }),
    parameters: z.record(z.string(), z.unknown()).optional(),
  });
}

export const pipelineReferenceSchema = referenceSchema('PipelineReference').meta({ id: 'PipelineReference' });
export const datasetReferenceSchema = referenceSchema('DatasetReference').meta({ id: 'DatasetReference' });
export const linkedServiceReferenceSchema = referenceSchema('LinkedServiceReference').meta({
  id: 'LinkedServiceReference',
});

/** Parameter types, case-insensitive (`string` and `String` are the same). */
export const PARAMETER_TYPES = ['String', 'Int', 'Float', 'Bool', 'Array', 'Object', 'SecureString'] as const;
/** Variable types: ADF's String, Bool, Array, plus Boolean/Integer that Studio writes. */
export const VARIABLE_TYPES = ['String', 'Bool', 'Boolean', 'Array', 'Integer', 'Int'] as const;
/** Global parameter types. */
export const GLOBAL_PARAMETER_TYPES = ['String', 'Int', 'Float', 'Bool', 'Array', 'Object'] as const;

export const parameterSpecSchema = z
  .looseObject({
    type: caseInsensitiveEnum(PARAMETER_TYPES, 'a parameter type'),
    defaultValue: z.unknown().optional(),
  })
  .meta({ id: 'ParameterSpecification' });

export const parametersSchema = z.record(z.string(), parameterSpecSchema);

export const variableSpecSchema = z
  .looseObject({
    type: caseInsensitiveEnum(VARIABLE_TYPES, 'a variable type'),
    defaultValue: z.unknown().optional(),
  })
  .meta({ id: 'VariableSpecification' });

export const globalParameterSpecSchema = z
  .looseObject({ type: caseInsensitiveEnum(GLOBAL_PARAMETER_TYPES, 'a global parameter type'), value: z.unknown() })
  .meta({ id: 'GlobalParameterSpecification' });

/** `{"type": "SecureString", "value": "…"}`: an inline secret (ADF stores it encrypted, never in git). */
export const secureStringSchema = z
  .looseObject({ type: z.literal('SecureString'), value: z.string() })
  .meta({ id: 'SecureString' });

/** `{"type": "AzureKeyVaultSecret", "store": LinkedServiceReference, "secretName", "secretVersion"?}`. */
export const keyVaultSecretReferenceSchema = z
  .looseObject({
    type: z.literal('AzureKeyVaultSecret'),
    store: linkedServiceReferenceSchema,
    secretName: dynamicString,
    secretVersion: dynamicString.optional(),
  })
  .meta({ id: 'AzureKeyVaultSecretReference' });

/** A secret: inline SecureString or a Key Vault reference. */
export const secretSchema = z.union([secureStringSchema, keyVaultSecretReferenceSchema]).meta({ id: 'SecretBase' });

/** `{"name": "folder/sub"}`. */
export const folderSchema = z.looseObject({ name: z.string() });

/** Free-form JSON object (loose). */
export const anyObject = z.record(z.string(), z.unknown());

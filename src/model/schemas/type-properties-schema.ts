import { z } from 'zod';
import type { TypePropertiesShape, ValueShape } from '../type-properties-shape.js';
import {
  anyObject,
  datasetReferenceSchema,
  dynamicBoolean,
  dynamicNumber,
  dynamicString,
  expressionObjectSchema,
  expressionSchema,
  linkedServiceReferenceSchema,
  pipelineReferenceSchema,
  referenceSchema,
} from './common-schemas.js';

/** The shared reference schemas (they carry a JSON Schema `$id`); other reference types get their own. */
const REFERENCES: Readonly<Record<string, z.ZodType>> = {
  DatasetReference: datasetReferenceSchema,
  LinkedServiceReference: linkedServiceReferenceSchema,
  PipelineReference: pipelineReferenceSchema,
};

function valueSchema(value: ValueShape, nested: z.ZodType): z.ZodType {
  const schema = requiredSchema(value, nested);
  return value.optional === true ? schema.optional() : schema;
}

function requiredSchema(value: ValueShape, nested: z.ZodType): z.ZodType {
  switch (value.kind) {
    case 'string':
      return value.error === undefined ? z.string() : z.string({ error: value.error });
    case 'boolean':
      return z.boolean();
    case 'dynamicString':
      return dynamicString;
    case 'dynamicNumber':
      return dynamicNumber;
    case 'dynamicBoolean':
      return dynamicBoolean;
    case 'expression':
      return expressionSchema;
    case 'anyObject':
      return anyObject;
    case 'any':
      return z.unknown();
    case 'anyArray':
      return z.array(z.unknown());
    case 'activities':
      return z.array(nested);
    case 'libraries':
      return z.union([z.array(anyObject), expressionObjectSchema]);
    case 'reference':
      return Object.hasOwn(REFERENCES, value.referenceType)
        ? (REFERENCES[value.referenceType] as z.ZodType)
        : referenceSchema(value.referenceType);
    case 'arrayOf':
      return z.array(valueSchema(value.item, nested));
    case 'fields':
      return typePropertiesSchema(value.fields, nested);
  }
}

/**
 * The zod schema of a `typeProperties` shape (loose: unknown properties are kept), the one that names
 * validate's findings and makes the JSON Schema files. `nested` is the schema of a nested activity: the
 * loader passes a permissive one and checks nested activities itself, the JSON Schema export a recursive one.
 */
export function typePropertiesSchema(fields: TypePropertiesShape, nested: z.ZodType): z.ZodObject {
  return z.looseObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, valueSchema(v, nested)])));
}

/** `typePropertiesSchema` of every shape of `table`, same keys. */
export function typePropertiesSchemas(
  table: Readonly<Record<string, TypePropertiesShape>>,
  nested: z.ZodType,
): Readonly<Record<string, z.ZodObject>> {
  return Object.fromEntries(Object.entries(table).map(([type, shape]) => [type, typePropertiesSchema(shape, nested)]));
}

import { z } from 'zod';

/** A JSON Schema object as Fastify (ajv, fast-json-stringify) and @fastify/swagger read it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/**
 * Drops what zod adds that the route schemas do not need: `$schema` (the OpenAPI document embeds the schema),
 * `propertyNames` of records (not an OpenAPI 3.0 keyword) and the safe-integer bounds of `.int()`.
 */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === 'propertyNames') continue;
    if ((k === 'minimum' && v === -SAFE_INT) || (k === 'maximum' && v === SAFE_INT)) continue;
    out[k] = clean(v);
  }
  return out;
}

/**
 * The JSON Schema of a zod shape, for a route: `output` for a response (what the server sends), `input` for a
 * request (what a client may send: defaults apply, optional fields may be left out). Draft 7, as Fastify's ajv.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  return clean(z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' })) as JsonSchema;
}

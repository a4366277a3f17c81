/**
 * The zod schemas of the factory model, the source of truth for its structural checks and for the JSON
 * Schema files (`npm run schemas`). A separate entry from `model/index.ts` so that loading the model does
 * not load zod: parseFactory imports the schema check only for a resource the fast check rejects.
 */
export * from './common-schemas.js';
export * from './activity-schemas.js';
export * from './resource-schemas.js';
export { generateJsonSchemas } from './json-schemas.js';
export { checkResourceSchema } from '../schema-check.js';
export type { SchemaIssue } from '../schema-check.js';
export * from './type-properties-schema.js';

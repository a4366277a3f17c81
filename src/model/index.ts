/**
 * The ADF factory model: resource types, parsing of factory files, structural checks. Pure: no I/O.
 * The zod schemas (and the JSON Schema files made from them) are in `schemas/index.ts`: this entry does not
 * load zod, so everything that only reads factories (the engine, `millrace validate`) starts fast.
 */
export * from './json.js';
export * from './types.js';
export * from './json-source.js';
export * from './factory-file.js';
export * from './parse-factory.js';
export * from './activity-scopes.js';
export * from './activity-types.js';
export * from './type-names.js';
export { normalizeActivity, normalizeParameters } from './normalize.js';
export { isWellFormedResource } from './well-formed.js';
export * from './type-properties-shape.js';
export * from './adf-type-properties.js';
export * from './wildcard.js';
export { SECURE_MASK } from './secure-mask.js';

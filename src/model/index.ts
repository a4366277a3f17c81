/** The ADF factory model: resource types, parsing of factory files, structural checks. Pure: no I/O. */
export * from './json.js';
export * from './types.js';
export * from './json-source.js';
export * from './factory-file.js';
export * from './parse-factory.js';
export * from './activity-scopes.js';
export * from './type-names.js';
export { normalizeActivity, normalizeParameters } from './normalize.js';
export * from './schemas/common-schemas.js';
export * from './schemas/activity-schemas.js';
export * from './schemas/resource-schemas.js';
export { generateJsonSchemas } from './schemas/json-schemas.js';

/** The ADF factory model: resource types, parsing of factory files, structural checks. Pure: no I/O. */
export * from './json.js';
export * from './types.js';

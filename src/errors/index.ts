/** Errors and diagnostics: MillraceError and its few subclasses, codes, source locations and JSON paths. */
export * from './location.js';
export * from './millrace-error.js';
export * from './diagnostic.js';
export * from './error-catalog.js';
export * from './error-codes.js';
export * from './error-spec.js';

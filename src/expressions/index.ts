/** The ADF expression language: parser, AST, evaluator, function library and static checks. Pure: no I/O. */
export * from './value.js';
export * from './expression-error.js';
export * from './functions/function-def.js';
export * from './context.js';

/** AST of the ADF expression language: readonly nodes with a `kind` discriminant and source offsets. */
export * from './expr-node.js';
export * from './template.js';

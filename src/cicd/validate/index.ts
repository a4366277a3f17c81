/** Factory validation: cross-resource rules, findings as Diagnostics, and report writers (JUnit). */
export * from './validate-factory.js';
export type { NotebookIndex } from './rules/notebooks.js';
export { ADF_LIMITS } from './rules/limits.js';
export * from './junit-report.js';

/** Composition root: wires config, model and cicd into the library API that src/index.ts exports. */
export * from './project.js';
export * from './describe-factory.js';
export { formatJUnitReport } from '../cicd/index.js';
export type { JUnitReportOptions } from '../cicd/index.js';

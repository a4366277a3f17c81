/**
 * Millrace library API: the one import for the CLI, the server and user code.
 * Concrete implementations are wired in app/.
 */
export * from './errors/index.js';
export type * from './model/index.js';
export * from './expressions/index.js';
export { loadProject, validateProject, describeFactory, formatJUnitReport } from './app/index.js';
export type { LoadedProject, ValidationReport, FactoryDescription, JUnitReportOptions } from './app/index.js';
export { createMillrace } from './app/run-service.js';
export type { Millrace, MillraceOptions, RunOptions } from './app/run-service.js';
export type { RunDocument, ActivityRunDocument } from './engine/index.js';
export type {
  RunEvent,
  ListRunsQuery,
  RunPage,
  PipelineRunRecord,
  ActivityRunRecord,
} from './contracts/index.js';

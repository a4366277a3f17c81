/**
 * Composition root: wires config, model and cicd into the library API that src/index.ts exports.
 * Keep its static imports light: the run service and the implementations it wires load in createMillrace.
 */
export * from './project.js';
export * from './describe-factory.js';
export { createMillrace } from './create-millrace.js';
export { validateProjectInEnvironment } from './validate-in-environment.js';
export type { Millrace, MillraceOptions, RunOptions, StartedRun } from './run-service.js';
export type { RunProgress } from './progress-router.js';
export type { LogLine } from './follow-logs.js';
export { formatJUnitReport } from '../cicd/index.js';
export type { JUnitReportOptions } from '../cicd/index.js';
export * from './environments.js';
export * from './open-secrets.js';
export * from './build-project.js';
export * from './assert-run.js';
export * from './run-pipeline-test.js';
export type * from './pipeline-test-types.js';
export * from './open-access.js';
export * from './server.js';
export * from './server-options.js';
export { openTriggers } from './open-triggers.js';
export type { TriggerInfo, TriggerService, TriggerServiceOptions } from './trigger-service.js';
export * from './deploy-project.js';
export * from './remote-deploy.js';
export { listPythonEnvironments, prunePythonEnvironments } from './python-wiring.js';
export type { PythonEnvironmentInfo } from './python-wiring.js';
export * from './open-models.js';
export * from './serve-model.js';

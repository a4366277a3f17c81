/**
 * `millrace/testing`: the pipeline test harness. Run a pipeline inside a test (Vitest or any runner) with
 * parameters and mocked activities, then assert statuses, evaluated inputs, variables and outputs.
 * Built on the public library API (src/index.ts) only.
 */
export { createPipelineTest } from './pipeline-test.js';
export type { PipelineTest, PipelineTestOptions, PipelineTestRunOptions } from './pipeline-test.js';
export { createTestRun } from './pipeline-test-run.js';
export type { PipelineTestRun, TestActivity } from './pipeline-test-run.js';
export type { ActivityMock, ActivityMocks, AssertionResult, RunDocument } from '../index.js';

import type { PipelineTestRunOptions, PipelineTestRunResult } from './pipeline-test-types.js';

/**
 * Runs one pipeline for a test: in-memory run store, activity logs in a temporary folder (nothing is written
 * under `.millrace`), activities mocked by name (nested ones too) or by type replaced by their mock (no data,
 * no Databricks), unmocked ones run for real. The engine loads on this first call, as in createMillrace.
 *
 * @example
 * const { document, activityRuns } = await runPipelineTest('PL_Daily', {
 *   projectDir: '.',
 *   mocks: { types: { DatabricksNotebook: { output: { runOutput: { ok: true } } } } },
 * });
 */
export async function runPipelineTest(
  pipeline: string,
  options: PipelineTestRunOptions = {},
): Promise<PipelineTestRunResult> {
  const impl = await import('./pipeline-test-run.js');
  return impl.runPipelineTest(pipeline, options);
}

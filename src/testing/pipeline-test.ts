import { runPipelineTest } from '../index.js';
import type { ActivityMocks, JsonValue } from '../index.js';
import { createTestRun } from './pipeline-test-run.js';
import type { PipelineTestRun } from './pipeline-test-run.js';

/** Options of `createPipelineTest`. */
export interface PipelineTestOptions {
  /** Project folder (millrace.json) or bare factory folder. Default: the current folder. */
  readonly project?: string;
  /** Environment whose parameters apply to every run. */
  readonly environment?: string;
  /** Mocks applied to every run; a run's own mocks are merged over them. */
  readonly mocks?: ActivityMocks;
}

/** Options of one test run. */
export interface PipelineTestRunOptions {
  /** Typed parameter values. */
  readonly parameters?: Readonly<Record<string, JsonValue>>;
  /** Mocks by activity name (nested ones too) and by activity type; a name mock wins over a type mock. */
  readonly mocks?: ActivityMocks;
}

/** A pipeline test fixture for one project. */
export interface PipelineTest {
  /** Runs a pipeline to its end (in memory, nothing written under .millrace) and returns the run. */
  run(pipeline: string, options?: PipelineTestRunOptions): Promise<PipelineTestRun>;
}

function mergeMocks(a: ActivityMocks | undefined, b: ActivityMocks | undefined): ActivityMocks {
  return {
    activities: { ...a?.activities, ...b?.activities },
    types: { ...a?.types, ...b?.types },
  };
}

/**
 * Creates a pipeline test fixture: run pipelines of a project with parameters and mocked activities, then
 * assert statuses, evaluated inputs, variables and outputs with your test runner (Vitest's `expect`).
 *
 * @example
 * import { createPipelineTest } from 'millrace/testing';
 * const t = await createPipelineTest({ project: '.' });
 * const run = await t.run('PL_Daily', {
 *   parameters: { folder: 'houses' },
 *   mocks: {
 *     activities: { 'Copy Raw': { output: { rowsCopied: 10 } } },
 *     types: { DatabricksNotebook: { output: { runOutput: { ok: true } } } },
 *   },
 * });
 * expect(run.status).toBe('Succeeded');
 * expect(run.activity('Transform').input).toMatchObject({ baseParameters: { folder: 'houses' } });
 */
export function createPipelineTest(options: PipelineTestOptions = {}): Promise<PipelineTest> {
  const test: PipelineTest = {
    async run(pipeline, o = {}) {
      const { document, activityRuns, children } = await runPipelineTest(pipeline, {
        projectDir: options.project ?? '.',
        ...(o.parameters ? { parameters: o.parameters } : {}),
        mocks: mergeMocks(options.mocks, o.mocks),
        ...(options.environment === undefined ? {} : { environment: options.environment }),
      });
      return createTestRun(document, activityRuns, children);
    },
  };
  return Promise.resolve(test);
}

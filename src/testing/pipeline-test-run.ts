import { assertRun } from '../index.js';
import type {
  ActivityRunRecord,
  AssertionResult,
  JsonValue,
  PipelineTestChild,
  RunDocument,
} from '../index.js';

/** One activity as a test sees it: the last run of that name (see `runs` for every attempt and iteration). */
export interface TestActivity {
  readonly name: string;
  readonly type: string;
  /** `Succeeded`, `Failed`, `Skipped`, `Cancelled`… */
  readonly status: string;
  /** The evaluated typeProperties (expressions resolved), as the activity received them. */
  readonly input: JsonValue | undefined;
  readonly output: JsonValue | undefined;
  readonly error: { readonly errorCode: string; readonly message: string } | undefined;
  /** Every activity run of this name, in run order (retries, ForEach iterations). */
  readonly runs: readonly ActivityRunRecord[];
}

/** A finished test run: the run document plus helpers for assertions. */
export interface PipelineTestRun {
  readonly document: RunDocument;
  readonly runId: string;
  readonly status: string;
  readonly message: string | undefined;
  readonly parameters: Readonly<Record<string, JsonValue>>;
  readonly variables: Readonly<Record<string, JsonValue>>;
  /** The pipeline's return value (SetVariable to `pipelineReturnValue`), `null` when none. */
  readonly output: JsonValue;
  /** Every activity run in run order, with its evaluated input. */
  readonly activityRuns: readonly ActivityRunRecord[];
  /** Names of the activities that ran (including nested ones), in first-run order. */
  readonly activityNames: readonly string[];
  /** The activity of that name (case-insensitive); throws, listing what ran, when it did not run. */
  activity(name: string): TestActivity;
  /** True when an activity of that name ran. */
  hasActivity(name: string): boolean;
  /**
   * The child pipeline run of the ExecutePipeline activity of that name (its last run), with the same
   * helpers: `run.child('Exec').activity('X')`. Throws when that activity did not start a child run (it was
   * mocked, failed before starting one, or is not an ExecutePipeline).
   */
  child(executePipelineActivity: string): PipelineTestRun;
  /** Evaluates an ADF expression against the finished run (as `millrace run --assert` does). */
  evaluate(expression: string): AssertionResult;
  /** Throws with the failing assertions (and their values) unless every expression evaluates to true. */
  assert(...expressions: string[]): void;
}

function pick(records: readonly ActivityRunRecord[], name: string): ActivityRunRecord[] {
  const lower = name.toLowerCase();
  return records.filter((r) => r.activityName.toLowerCase() === lower);
}

/** Wraps a run document and its activity runs into the test helpers. */
export function createTestRun(
  document: RunDocument,
  activityRuns: readonly ActivityRunRecord[],
  children: ReadonlyMap<string, PipelineTestChild> = new Map(),
): PipelineTestRun {
  const activityNames = [...new Set(activityRuns.map((r) => r.activityName))];
  return {
    document,
    runId: document.runId,
    status: document.status,
    message: document.message,
    parameters: document.parameters,
    variables: document.variables,
    output: document.output,
    activityRuns,
    activityNames,
    activity(name) {
      const runs = pick(activityRuns, name);
      const last = runs[runs.length - 1];
      if (last === undefined)
        throw new Error(
          `activity "${name}" did not run in ${document.pipeline} (ran: ${activityNames.join(', ') || 'none'})`,
        );
      return {
        name: last.activityName,
        type: last.activityType,
        status: last.status,
        input: last.input,
        output: last.output,
        error: last.error ? { errorCode: last.error.errorCode, message: last.error.message } : undefined,
        runs,
      };
    },
    hasActivity: (name) => pick(activityRuns, name).length > 0,
    child(name) {
      const runs = pick(activityRuns, name);
      const last = runs[runs.length - 1];
      const output = last?.output;
      const id =
        output !== null && typeof output === 'object' && !Array.isArray(output)
          ? (output as Readonly<Record<string, JsonValue>>)['pipelineRunId']
          : undefined;
      const child = typeof id === 'string' ? children.get(id) : undefined;
      if (child === undefined)
        throw new Error(
          last === undefined
            ? `activity "${name}" did not run in ${document.pipeline} (ran: ${activityNames.join(', ') || 'none'})`
            : `activity "${name}" in ${document.pipeline} started no child pipeline run (status ${last.status})`,
        );
      return createTestRun(child.document, child.activityRuns, children);
    },
    evaluate(expression) {
      const [result] = assertRun(document, [expression]);
      return result!;
    },
    assert(...expressions) {
      const failed = assertRun(document, expressions).filter((r) => !r.passed);
      if (failed.length > 0) throw new Error(failed.map((r) => r.message).join('\n'));
    },
  };
}

import type { ActivityExecutor, ActivityTypeDescription } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
// Its own entry, not activities/index.ts: the descriptions alone, without loading the executors.
import { builtinActivityTypes } from '../activities/builtin-types.js';

/** The one-line summary of an activity run's output (`12 rows copied`), or undefined when its type has none. */
export type OutputSummarizer = (activityType: string, output: JsonValue | undefined) => string | undefined;

/** What `Millrace` (`createMillrace`) offers to describe its runs' activities. */
export interface OutputSummaries {
  /** The summary of an activity's output by the `summarize` of its type's executor (given or built-in). */
  readonly summarizeOutput: OutputSummarizer;
}

/**
 * The summarizer of a set of activity types (executors or descriptions): the `summarize` of the type's
 * definition (types match case-insensitively, as the engine matches executors). A summarize that throws
 * gives no summary: a summary line never fails a command.
 */
export function summarizerOf(
  types: readonly Pick<ActivityTypeDescription, 'type' | 'summarize'>[],
): OutputSummarizer {
  const byType = new Map(types.map((t) => [t.type.toLowerCase(), t]));
  return (activityType, output) => {
    const type = byType.get(activityType.toLowerCase());
    if (output === undefined || type?.summarize === undefined) return undefined;
    try {
      return type.summarize(output);
    } catch {
      return undefined;
    }
  };
}

/**
 * Summaries of the built-in types' outputs, without an instance: for runs of another engine (`run --remote`
 * on Azure Data Factory, whose Copy, Lookup, Script, notebook and Web outputs have the same fields).
 */
export const summarizeBuiltinOutput: OutputSummarizer = summarizerOf(builtinActivityTypes);

/** The summarizer of a `createMillrace`: of the given executors, which replace the built-ins, or of the built-ins. */
export function executorSummarizer(executors: readonly ActivityExecutor[] | undefined): OutputSummarizer {
  return executors === undefined ? summarizeBuiltinOutput : summarizerOf(executors);
}

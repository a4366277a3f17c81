import type { RunStatus } from '../contracts/index.js';
import { toJsonValue } from '../expressions/index.js';
import type { JsonValue } from '../model/index.js';
import { runScope } from './run-scope.js';
import { createRootScope } from './run-state.js';
import type { RunState } from './run-state.js';
import type { RunResult } from './run-types.js';
import { maskedRecord } from './run-values.js';

/**
 * Runs a started pipeline run to its end: the top scope, then the final status by the leaf rule
 * (Cancelled when the run was cancelled), recorded and flushed so the final state is durable.
 */
export async function executeRun(run: RunState): Promise<RunResult> {
  let status: RunStatus;
  let message: string | undefined;
  try {
    const outcome = await runScope(createRootScope(run));
    status = run.signal.aborted ? 'Cancelled' : outcome.status;
    if (status === 'Failed') {
      const f = outcome.failure;
      message = f ? `Operation on target ${f.target} failed: ${f.message}` : 'Pipeline failed';
    } else if (status === 'Cancelled') message = 'Pipeline run cancelled';
  } catch (err) {
    // Compile errors of the pipeline (unknown dependency, cycle) end the run as Failed.
    status = 'Failed';
    message = err instanceof Error ? err.message : String(err);
  }
  const output = run.returnValue === undefined ? {} : (toJsonValue(run.returnValue) as JsonValue);
  run.emit({
    kind: 'run-finished',
    runId: run.runId,
    status,
    end: run.options.clock.now(),
    ...(message === undefined ? {} : { message }),
    variables: maskedRecord(run.variables, run.secureVariables),
    output,
  });
  await run.options.store.flush();
  return {
    runId: run.runId,
    pipeline: run.pipeline.name,
    status,
    ...(message === undefined ? {} : { message }),
    returnValue: run.returnValue,
  };
}

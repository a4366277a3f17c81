import { ActivityError, FailureType } from '../../errors/index.js';
import type { ExprValue } from '../../expressions/index.js';
import { isExprObject } from '../../expressions/index.js';
import { isJsonObject } from '../../model/index.js';
import { cancelledError } from '../error-boundary.js';
import type { ControlHandler } from './control-activity.js';
import { isTrue, propertyError, requireProperty } from './control-failure.js';

/**
 * ExecutePipeline: starts a child run of `pipeline` (its own runId) with the evaluated `parameters`. With
 * `waitOnCompletion: true` it waits and fails when the child fails; missing means false (https://learn.microsoft.com/azure/data-factory/control-flow-execute-pipeline-activity).
 * Cancelling the parent cancels a child it waits for. Output `{pipelineName, pipelineRunId,
 * pipelineReturnValue?}`.
 */
export const executePipelineActivity: ControlHandler = async (ctx) => {
  const tp = ctx.activity.typeProperties;
  const ref = requireProperty(ctx, 'pipeline');
  const pipelineName = isJsonObject(ref) ? ctx.evaluate(ref['referenceName']) : undefined;
  if (typeof pipelineName !== 'string') throw propertyError(ctx, 'pipeline', 'needs a referenceName');
  const parameters = tp['parameters'] === undefined ? {} : ctx.evaluate(tp['parameters']);
  if (!isExprObject(parameters)) throw propertyError(ctx, 'parameters', 'must be an object');
  const wait = isTrue(tp['waitOnCompletion']);
  ctx.setInput({ pipeline: pipelineName, parameters, waitOnCompletion: wait });
  const handle = ctx.run.startChildRun({
    pipeline: pipelineName,
    parameters: parameters,
    ...(wait ? { signal: ctx.signal } : {}),
    invokedBy: {
      triggerType: 'PipelineActivity',
      parentRunId: ctx.run.runId,
      parentPipeline: ctx.run.pipeline.name,
      parentActivityRunId: ctx.activityRunId,
    },
  });
  const base: Record<string, ExprValue> = { pipelineName, pipelineRunId: handle.runId };
  if (!wait) {
    // Fire and forget: the engine tracks the child; a failure shows on the child run only.
    handle.result.catch(() => undefined);
    return base;
  }
  const result = await handle.result;
  if (result.status === 'Cancelled' || ctx.signal.aborted) throw cancelledError(ctx.activity.name);
  if (result.status !== 'Succeeded') {
    throw new ActivityError({
      code: 'engine/child-pipeline-failed',
      errorCode: 'PipelineRunFailed',
      failureType: FailureType.UserError,
      message: result.message ?? `pipeline "${pipelineName}" run ${handle.runId} ${result.status}`,
    });
  }
  return result.returnValue === undefined ? base : { ...base, pipelineReturnValue: result.returnValue };
};

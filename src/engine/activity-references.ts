import type { ActivityReferences } from '../contracts/index.js';
import type { EvalContext } from '../expressions/index.js';
import { evaluateDynamic, toJsonValue } from '../expressions/index.js';
import type { Activity, ResourceReference } from '../model/index.js';

/**
 * Evaluates the activity-level references (`inputs`, `outputs`, `linkedServiceName`) in the activity's scope,
 * once: their parameters may hold expressions (`@pipeline().parameters.file`) and ADF's `@@` escape, and
 * whoever receives them (activities, data access) takes them as values.
 */
export function evaluateReferences(activity: Activity, context: EvalContext): ActivityReferences {
  const evaluate = (refs: readonly ResourceReference[]): ResourceReference[] =>
    refs.map((ref) => toJsonValue(evaluateDynamic(ref, context)) as ResourceReference);
  const [linkedServiceName] = activity.linkedServiceName ? evaluate([activity.linkedServiceName]) : [];
  return {
    inputs: evaluate(activity.inputs ?? []),
    outputs: evaluate(activity.outputs ?? []),
    ...(linkedServiceName ? { linkedServiceName } : {}),
  };
}

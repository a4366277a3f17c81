import type { ActivityContext, ActivityExecutor, ActivityReferences } from '../contracts/index.js';
import type { ExprValue } from '../expressions/index.js';
import { evaluateDynamic, toJsonValue } from '../expressions/index.js';
import { ActivityError, FailureType } from '../errors/index.js';
import type { JsonValue } from '../model/index.js';
import { abortable, linkedController } from './abortable.js';
import { beginActivityRun, endActivityRun } from './activity-record.js';
import { evaluateReferences } from './activity-references.js';
import { formatTimeSpan, resolvePolicy } from './activity-policy.js';
import type { ResolvedPolicy } from './activity-policy.js';
import { CONTROL_TYPES } from './control/control-types.js';
import { cancelledError, errorRecord, toActivityError } from './error-boundary.js';
import { SECURE_MASK } from './masking.js';
import type { EffectiveStatus } from './outcome.js';
import type { ActivityNode } from './plan.js';
import type { PreviousActivity } from './rerun-source.js';
import { reopenActivityRun, restoreState, settleLostAttempt } from './resume-activity.js';
import type { ScopeState } from './run-state.js';

/**
 * Runs an execution activity through the registry, with its policy: a timeout per attempt, `retry`
 * additional attempts `retryIntervalInSeconds` apart (each attempt is its own activity run; an error that is
 * not `retryable`, per the error catalog, ends the activity at once), and the
 * per-run limit on parallel execution activities. A type nobody registered fails the activity with
 * `engine/unsupported-activity`.
 */
export async function runExecutionActivity(
  node: ActivityNode,
  scope: ScopeState,
  resumed?: PreviousActivity,
): Promise<EffectiveStatus> {
  const { activity } = node;
  const { run } = scope;
  const evaluate = (v: unknown): ExprValue => evaluateDynamic(v, scope.evalContext);
  const executor = run.options.registry.find(activity.type);
  let policy: ResolvedPolicy;
  try {
    if (!executor) {
      const supported = [...CONTROL_TYPES, ...run.options.registry.types()].sort().join(', ');
      throw new ActivityError({
        code: 'engine/unsupported-activity',
        errorCode: 'UnsupportedActivity',
        message: `activity "${activity.name}": type "${activity.type}" is not supported by this Millrace runtime; supported: ${supported}`,
      });
    }
    policy = resolvePolicy(activity, evaluate);
  } catch (err) {
    if (resumed && resumed.status !== 'Failed') settleLostAttempt(scope, activity, resumed);
    const open = beginActivityRun(scope, activity, (resumed?.attempt ?? 0) + 1);
    endActivityRun(scope, open, {
      status: 'Failed',
      error: errorRecord(toActivityError(err, activity.name), activity.name),
    });
    return 'Failed';
  }
  let first = 1;
  if (resumed) {
    // A resumed run. An attempt that was running goes on where it still can (a worker holds it: reattached);
    // otherwise it was lost with its orchestrator. A failed last attempt may have been waiting for its retry.
    // Either way the retry policy decides, counting the attempts already made.
    const reattached =
      resumed.status === 'Failed'
        ? undefined
        : await runAttempt(node, scope, executor, policy, resumed.attempt, resumed);
    let wait = policy.retryIntervalMs;
    if (reattached) {
      if (reattached.status !== 'Failed' || !reattached.retryable) return reattached.status;
    } else if (resumed.status !== 'Failed') settleLostAttempt(scope, activity, resumed);
    else {
      restoreState(scope, activity.name, resumed);
      wait -= run.options.clock.now() - (resumed.end ?? 0);
    }
    if (resumed.attempt > policy.retry) return 'Failed';
    if (reattached || (resumed.status === 'Failed' && wait > 0)) {
      try {
        await run.options.clock.sleep(Math.max(0, wait), scope.signal);
      } catch {
        return 'Cancelled';
      }
    }
    first = resumed.attempt + 1;
  }
  for (let attempt = first; ; attempt++) {
    const result = await runAttempt(node, scope, executor, policy, attempt);
    if (result === undefined) return 'Failed'; // only a reopened attempt has nothing to go back to
    const { status, retryable } = result;
    if (status !== 'Failed' || !retryable || attempt > policy.retry) return status;
    try {
      await run.options.clock.sleep(policy.retryIntervalMs, scope.signal);
    } catch {
      return 'Cancelled';
    }
  }
}

/**
 * Properties of control-flow activities that are evaluated per iteration or inside a nested scope (they may use
 * `item()` or the nested activities' outputs). When a control-flow activity goes to the registry instead of the
 * engine (`replacesActivity`: a test mock), its input keeps them as written.
 */
const SCOPE_BOUND: ReadonlyMap<string, readonly string[]> = new Map([
  ['foreach', ['activities']],
  ['filter', ['condition']],
  ['until', ['activities', 'expression']],
  ['ifcondition', ['ifTrueActivities', 'ifFalseActivities']],
  ['switch', ['cases', 'defaultActivities']],
]);

/** The activity's evaluated typeProperties: what it receives and what its run records as input. */
function evaluateInput(node: ActivityNode, scope: ScopeState): ExprValue {
  const tp = node.activity.typeProperties;
  const bound = SCOPE_BOUND.get(node.typeKey);
  if (bound === undefined) return evaluateDynamic(tp, scope.evalContext);
  const out: Record<string, ExprValue> = {};
  for (const [k, v] of Object.entries(tp))
    out[k] = bound.includes(k) ? v : evaluateDynamic(v, scope.evalContext);
  return out;
}

/** How one attempt ended, and whether its error allows another attempt. */
interface AttemptResult {
  readonly status: EffectiveStatus;
  readonly retryable: boolean;
}

/**
 * Runs one attempt; with `reopened` (a resumed run's attempt that was running), goes back to it instead
 * (`reattach`): undefined when there is nothing to go back to.
 */
async function runAttempt(
  node: ActivityNode,
  scope: ScopeState,
  executor: ActivityExecutor,
  policy: ResolvedPolicy,
  attempt: number,
  reopened?: PreviousActivity,
): Promise<AttemptResult | undefined> {
  if (reopened && !executor.reattach) return undefined;
  const { activity } = node;
  const { run } = scope;
  await run.limiter.acquire();
  const { controller, dispose } = linkedController(scope.signal);
  let timedOut = false;
  let input: ExprValue | undefined;
  let inputError: unknown;
  try {
    input = evaluateInput(node, scope);
  } catch (err) {
    inputError = err;
  }
  const open = reopened
    ? reopenActivityRun(scope, activity, reopened)
    : beginActivityRun(scope, activity, attempt, input);
  try {
    if (inputError !== undefined) throw toActivityError(inputError, activity.name);
    const secure = open.secureInput || open.secureOutput;
    let references: ActivityReferences | undefined;
    const ctx: ActivityContext = {
      activity,
      pipelineName: run.pipeline.name,
      runId: run.runId,
      activityRunId: open.record.activityRunId,
      attempt,
      signal: controller.signal,
      typeProperties: () => toJsonValue(input ?? null) as JsonValue,
      references: () => (references ??= evaluateReferences(activity, scope.evalContext)),
      evaluate: (v) => toJsonValue(evaluateDynamic(v, scope.evalContext)) as JsonValue,
      log: (line) =>
        run.emit({
          kind: 'activity-log',
          runId: run.runId,
          activityRunId: open.record.activityRunId,
          line: secure ? SECURE_MASK : line,
        }),
    };
    run.options.clock.sleep(policy.timeoutMs, controller.signal).then(
      () => {
        timedOut = true;
        controller.abort(new Error('timeout'));
      },
      () => undefined,
    );
    const extended = run.options.extendContext?.(ctx) ?? ctx;
    const output = await abortable(
      reopened && executor.reattach ? executor.reattach(extended) : executor.execute(extended),
      controller.signal,
    );
    // Nothing to go back to: the caller counts the attempt as lost.
    if (output === undefined) return undefined;
    endActivityRun(scope, open, { status: 'Succeeded', output });
    return { status: 'Succeeded', retryable: false };
  } catch (err) {
    if (!timedOut && scope.signal.aborted) {
      endActivityRun(scope, open, {
        status: 'Cancelled',
        error: errorRecord(cancelledError(activity.name), activity.name),
      });
      return { status: 'Cancelled', retryable: false };
    }
    const error = timedOut
      ? new ActivityError({
          code: 'engine/activity-timeout',
          errorCode: 'ActivityTimeout',
          failureType: FailureType.SystemError,
          message: `activity "${activity.name}" timed out after ${formatTimeSpan(policy.timeoutMs)}`,
          cause: err,
        })
      : toActivityError(err, activity.name);
    // A failed activity can still have an output (ADF shows a failed Databricks run's runPageUrl).
    const output = error.output as ExprValue | undefined;
    endActivityRun(scope, open, {
      status: 'Failed',
      error: errorRecord(error, activity.name),
      ...(output === undefined ? {} : { output }),
    });
    return { status: 'Failed', retryable: error.retryable };
  } finally {
    controller.abort();
    dispose();
    run.limiter.release();
  }
}

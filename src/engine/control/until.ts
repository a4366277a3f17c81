import type { ExprValue } from '../../expressions/index.js';
import { ActivityError, FailureType } from '../../errors/index.js';
import { abortable, linkedController } from '../abortable.js';
import { cancelledError } from '../error-boundary.js';
import { formatTimeSpan } from '../activity-policy.js';
import type { ScopeOutcome } from '../outcome.js';
import { DEFAULT_ACTIVITY_TIMEOUT_MS, parseTimeSpan } from '../timespan.js';
import { lastRecordedIteration } from '../resume-source.js';
import type { ControlHandler } from './control-activity.js';
import { activityList, innerFailure, propertyError, requireProperty } from './control-failure.js';

/**
 * Until: do-until. Runs `activities` (iteration path `Name[i]`), then evaluates `expression` in that
 * iteration's scope (so it can read inner activities); stops when it is true. An inner failure does not
 * stop the loop; the Until fails when its last iteration failed, or when `timeout` (default 7 days)
 * expires, which cancels the running iteration. Output `{}`.
 */
export const untilActivity: ControlHandler = async (ctx) => {
  const tp = ctx.activity.typeProperties;
  const expression = requireProperty(ctx, 'expression');
  const list = activityList(ctx, tp['activities'], 'activities');
  const timeout = tp['timeout'] === undefined ? undefined : ctx.evaluate(tp['timeout']);
  if (timeout !== undefined && typeof timeout !== 'string')
    throw propertyError(ctx, 'timeout', 'must be a TimeSpan');
  const timeoutMs = timeout === undefined ? DEFAULT_ACTIVITY_TIMEOUT_MS : parseTimeSpan(timeout, 'timeout');
  // The expression as written (it is evaluated after each iteration), the timeout evaluated.
  ctx.setInput({ expression: expression as ExprValue, ...(timeout === undefined ? {} : { timeout }) });
  const { clock } = ctx.run.options;
  const { controller, dispose } = linkedController(ctx.signal);
  let timedOut = false;
  clock.sleep(timeoutMs, controller.signal).then(
    () => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    },
    () => undefined,
  );
  const name = ctx.activity.name;
  let last: ScopeOutcome | undefined;
  const resumedUpTo = lastRecordedIteration(ctx.run.rerun, ctx.scope.iteration, name);
  try {
    for (let i = 0; ; i++) {
      const iteration = await ctx.runChildScope(list, {
        segment: `${name}[${i}]`,
        signal: controller.signal,
        noReuse: true,
      });
      last = iteration;
      if (!timedOut && ctx.signal.aborted) throw cancelledError(name);
      if (timedOut) {
        throw new ActivityError({
          code: 'engine/activity-timeout',
          errorCode: 'ActivityTimeout',
          failureType: FailureType.UserError,
          message: `activity "${name}" timed out after ${formatTimeSpan(timeoutMs)} before its condition became true`,
        });
      }
      // Resumed: every iteration before the last one recorded ended with the condition false.
      if (i < resumedUpTo) continue;
      const done = iteration.evaluate(expression);
      if (typeof done !== 'boolean') throw propertyError(ctx, 'expression', 'must evaluate to a Boolean');
      if (done) break;
      // An empty or instant body must not starve the event loop.
      if (list.length === 0) await abortable(clock.sleep(0, controller.signal), controller.signal);
    }
  } finally {
    controller.abort();
    dispose();
  }
  if (last?.status === 'Failed') throw innerFailure(ctx, last);
  return {};
};

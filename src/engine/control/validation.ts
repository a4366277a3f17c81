import { ActivityError, FailureType } from '../../errors/index.js';
import { asNumber, isExprObject, isNumeric, toJsonValue } from '../../expressions/index.js';
import type { JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { parseTimeSpan } from '../timespan.js';
import type { ControlHandler } from './control-activity.js';
import { propertyError, requireProperty } from './control-failure.js';

/** Validation's timeout when none is given: 12 hours (https://learn.microsoft.com/azure/data-factory/control-flow-validation-activity). */
export const DEFAULT_VALIDATION_TIMEOUT_MS = 12 * 3600 * 1000;

/**
 * Validation: polls the dataset through the injected `DatasetProbe` every `sleep` seconds (default 10)
 * until it exists and meets `minimumSize` / `childItems`, or fails at `timeout` (default 12 h). Without
 * a probe configured it fails with `engine/validation-not-supported`. Output `{}`.
 */
export const validationActivity: ControlHandler = async (ctx) => {
  const probe = ctx.run.options.datasetProbe;
  if (!probe) {
    throw new ActivityError({
      code: 'engine/validation-not-supported',
      errorCode: 'NotSupported',
      failureType: FailureType.UserError,
      message: `activity "${ctx.activity.name}": Validation is not supported here: no dataset probe is configured in this Millrace runtime`,
    });
  }
  const tp = ctx.activity.typeProperties;
  const ref = requireProperty(ctx, 'dataset');
  const referenceName = isJsonObject(ref) ? ctx.evaluate(ref['referenceName']) : undefined;
  if (typeof referenceName !== 'string') throw propertyError(ctx, 'dataset', 'needs a referenceName');
  const params = isJsonObject(ref) && ref['parameters'] !== undefined ? ctx.evaluate(ref['parameters']) : {};
  const timeout = tp['timeout'] === undefined ? undefined : ctx.evaluate(tp['timeout']);
  const timeoutMs =
    typeof timeout === 'string' ? parseTimeSpan(timeout, 'timeout') : DEFAULT_VALIDATION_TIMEOUT_MS;
  const sleep = tp['sleep'] === undefined ? 10 : ctx.evaluate(tp['sleep']);
  const sleepMs = (isNumeric(sleep) ? asNumber(sleep) : 10) * 1000;
  const minimumSize = tp['minimumSize'] === undefined ? undefined : ctx.evaluate(tp['minimumSize']);
  const childItems = tp['childItems'] === undefined ? undefined : ctx.evaluate(tp['childItems']);
  const request = {
    dataset: {
      referenceName,
      parameters: (isExprObject(params) ? toJsonValue(params) : {}) as Readonly<Record<string, JsonValue>>,
    },
    ...(isNumeric(minimumSize) ? { minimumSize: asNumber(minimumSize) } : {}),
    ...(typeof childItems === 'boolean' ? { childItems } : {}),
  };
  ctx.setInput(request);
  const { clock } = ctx.run.options;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    if (await probe.check(request, ctx.signal)) return {};
    if (clock.now() + sleepMs > deadline) {
      throw new ActivityError({
        code: 'engine/activity-timeout',
        errorCode: 'ActivityTimeout',
        failureType: FailureType.UserError,
        message: `activity "${ctx.activity.name}": dataset "${referenceName}" did not pass validation within ${typeof timeout === 'string' ? timeout : '0.12:00:00'}`,
      });
    }
    await clock.sleep(sleepMs, ctx.signal);
  }
};

import { ActivityError, FailureType } from '../../errors/index.js';
import type { ExprValue } from '../../expressions/index.js';
import type { ControlHandler } from './control-activity.js';

const NOT_STRING = 'ErrorCodeNotString';

/**
 * Fail: fails with the evaluated `message` and `errorCode`, following ADF's table for values that cannot
 * be interpreted (https://learn.microsoft.com/azure/data-factory/control-flow-fail-activity).
 */
export const failActivity: ControlHandler = (ctx) => {
  const tp = ctx.activity.typeProperties;
  const name = ctx.activity.name;
  const uninterpretable = `Failed to interpret ${name} fail message or error code`;
  const read = (key: string): ExprValue | undefined => (key in tp ? ctx.evaluate(tp[key]) : undefined);
  const rawMessage = read('message');
  const rawCode = read('errorCode');
  ctx.setInput({ message: rawMessage ?? null, errorCode: rawCode ?? null });
  const codeOk = typeof rawCode === 'string' && rawCode.trim() !== '';
  let message: string;
  if (!('message' in tp)) message = `Fail message wasn't provided`;
  else if (rawMessage === null || (typeof rawMessage === 'string' && rawMessage.trim() === ''))
    message = uninterpretable;
  else if (typeof rawMessage !== 'string') {
    message = codeOk ? `${name} fail message parameter couldn't be interpreted as a string` : uninterpretable;
  } else message = rawMessage;
  throw new ActivityError({
    code: 'engine/fail-activity',
    errorCode: codeOk ? rawCode : NOT_STRING,
    failureType: FailureType.UserError,
    message,
  });
};

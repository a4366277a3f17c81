import type { ActivityState, EvalContext } from '../context.js';
import { evaluateTemplate } from '../evaluate-template.js';
import { isExpressionError } from '../expression-error.js';
import type { ExpressionError } from '../expression-error.js';
import { createFunctionContext } from '../function-context.js';
import { toJsonValue } from '../value.js';
import type { ExprValue } from '../value.js';

/** 2018-04-15T13:00:00Z, the date of the ADF doc examples. */
export const FIXED_NOW = Date.UTC(2018, 3, 15, 13, 0, 0);
export const FIXED_GUID = 'c2ecc88d-88c8-4096-912c-d6f2e2b138ce';

/** A deterministic function context: fixed clock, fixed GUID, rand() returns min. */
export const testFunctions = createFunctionContext({
  now: () => FIXED_NOW,
  newGuid: () => FIXED_GUID,
  random: (min) => min,
});

/** Partial context for tests: activities as a plain object. */
export type TestContext = Omit<Partial<EvalContext>, 'activities'> & {
  readonly activities?: Readonly<Record<string, ActivityState>>;
};

/** Builds an EvalContext with the test function context. */
export function testContext(extra: TestContext = {}): EvalContext {
  const { activities, ...rest } = extra;
  return {
    ...rest,
    functions: extra.functions ?? testFunctions,
    ...(activities ? { activities: new Map(Object.entries(activities)) } : {}),
  };
}

/** Evaluates a template string. */
export function ev(text: string, extra: TestContext = {}): ExprValue {
  return evaluateTemplate(text, testContext(extra));
}

/** Evaluates and converts to plain JSON (ExprFloat → number) for `toEqual`. */
export function evJson(text: string, extra: TestContext = {}): unknown {
  return toJsonValue(ev(text, extra));
}

/** Evaluates and returns the ExpressionError it throws (fails the test when it does not throw). */
export function evError(text: string, extra: TestContext = {}): ExpressionError {
  try {
    ev(text, extra);
  } catch (err) {
    if (isExpressionError(err)) return err;
    throw err;
  }
  throw new Error(`expected ${text} to fail`);
}

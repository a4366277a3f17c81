import type { RunDocument } from '../engine/index.js';
import {
  evalContextFromJson,
  evaluateTemplate,
  parseExpression,
  printExpression,
  toExpressionJson,
} from '../expressions/index.js';
import type { EvalContext, ExprValue } from '../expressions/index.js';
import { isMillraceError } from '../errors/index.js';
import type { JsonValue } from '../model/index.js';

/** The outcome of one assertion. */
export interface AssertionResult {
  /** The assertion as evaluated (with a leading `@`). */
  readonly expression: string;
  readonly passed: boolean;
  /** Its value (undefined when evaluation failed). */
  readonly value?: JsonValue;
  /** Why it failed: the value, the values of a top-level call's arguments, or the evaluation error. */
  readonly message?: string;
}

/** The run's final state as an ADF expression context. */
function runContext(doc: RunDocument): EvalContext {
  const activities: Record<string, JsonValue> = {};
  // Top-level runs win over nested ones of the same name; the last attempt wins.
  const ordered = [...doc.activityRuns].sort(
    (a, b) => Number(a.iteration === undefined) - Number(b.iteration === undefined),
  );
  for (const a of ordered)
    activities[a.activityName] = {
      status: a.status,
      output: a.output ?? null,
      ...(a.error ? { error: { errorCode: a.error.errorCode, message: a.error.message } } : {}),
    };
  const run: JsonValue = {
    runId: doc.runId,
    pipeline: doc.pipeline,
    status: doc.status,
    message: doc.message ?? null,
    output: doc.output,
    durationMs: doc.durationMs,
  };
  return evalContextFromJson(
    {
      parameters: doc.parameters as ExprValue,
      variables: doc.variables as ExprValue,
      activities: activities as ExprValue,
      pipeline: { RunId: doc.runId, Pipeline: doc.pipeline, run } as ExprValue,
      ...(doc.end ? { now: doc.end } : {}),
    },
    { now: () => 0, newGuid: () => '00000000-0000-0000-0000-000000000000', random: (min) => min },
  );
}

function show(v: ExprValue): string {
  return toExpressionJson(v);
}

function explain(text: string, ctx: EvalContext): string {
  try {
    const node = parseExpression(text.slice(1));
    if (node.kind !== 'Call' || node.args.length === 0) return '';
    const parts = node.args.map((arg) => {
      const src = printExpression(arg);
      try {
        return `${src} = ${show(evaluateTemplate(`@${src}`, ctx))}`;
      } catch {
        return `${src} = (error)`;
      }
    });
    return ` (${parts.join(', ')})`;
  } catch {
    return '';
  }
}

/**
 * Evaluates assertions (ADF expressions, with or without the leading `@`) against a finished run: its
 * `activity('x')` states (output, status, error), `variables('v')`, `pipeline().parameters`, and
 * `pipeline().run` (`{runId, pipeline, status, message, output, durationMs}`). An assertion holds when it
 * evaluates to `true`; anything else fails with a message naming the value.
 *
 * @example
 * const failed = assertRun(doc, ["@equals(activity('Copy Data').output.rowsCopied, 10)"]).filter((r) => !r.passed);
 */
export function assertRun(doc: RunDocument, expressions: readonly string[]): AssertionResult[] {
  const ctx = runContext(doc);
  return expressions.map((raw) => {
    const expression = raw.trim().startsWith('@') ? raw.trim() : `@${raw.trim()}`;
    try {
      const value = evaluateTemplate(expression, ctx);
      if (value === true) return { expression, passed: true, value };
      const why = typeof value === 'boolean' ? '' : ' (not a boolean)';
      return {
        expression,
        passed: false,
        value: JSON.parse(show(value)) as JsonValue,
        message: `assertion failed: ${expression} evaluated to ${show(value)}${why}${explain(expression, ctx)}`,
      };
    } catch (err) {
      const reason = isMillraceError(err) ? `${err.code}: ${err.message}` : String(err);
      return {
        expression,
        passed: false,
        message: `assertion failed: ${expression} could not be evaluated: ${reason}`,
      };
    }
  });
}

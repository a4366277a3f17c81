import type { ActivityState, EvalContext } from './context.js';
import { ExpressionError } from './expression-error.js';
import { createFunctionContext } from './function-context.js';
import type { FunctionContextOptions } from './function-context.js';
import { isExprObject } from './value.js';
import type { ExprObject, ExprValue } from './value.js';

/** Code of a malformed evaluation context (`millrace eval --context`, `--jsonl` lines). */
export const INVALID_CONTEXT = 'expr/invalid-context';

const OBJECT_KEYS = [
  'parameters',
  'globalParameters',
  'variables',
  'pipeline',
  'dataset',
  'linkedService',
] as const;
const ANY_KEYS = ['item', 'trigger', 'triggerBody'] as const;
const KNOWN = new Set<string>([...OBJECT_KEYS, ...ANY_KEYS, 'activities', 'now']);

function invalid(message: string): never {
  throw new ExpressionError({ code: INVALID_CONTEXT, message, expression: '', position: 0 });
}

/** Parses an ISO 8601 timestamp (up to 7 fractional digits) to epoch milliseconds. */
export function parseIsoInstant(text: string): number {
  return parseIsoClock(text).ms;
}

/** An ISO 8601 timestamp as epoch milliseconds plus the 100-ns ticks (0–9999) below the millisecond. */
function parseIsoClock(text: string): { ms: number; subMsTicks: number } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  const digits = (m?.[2] ?? '').padEnd(7, '0');
  const ms = m ? Date.parse(`${m[1]}.${digits.slice(0, 3)}${m[3] ?? 'Z'}`) : NaN;
  if (Number.isNaN(ms)) return invalid(`'${text}' is not an ISO 8601 timestamp (e.g. 2024-01-31T12:00:00Z)`);
  return { ms, subMsTicks: Number(digits.slice(3)) };
}

/**
 * Builds an EvalContext from the JSON shape of `millrace eval` (DESIGN.md): `parameters`, `globalParameters`,
 * `variables`, `activities` (`{name: {status, output, error}}`), `item`, `pipeline`, `trigger`,
 * `triggerBody`, `dataset`, `linkedService`, and `now` (an ISO timestamp: a fixed clock for utcNow()).
 * `sources` supplies the clock, GUIDs and randomness when `now` is absent. Throws `expr/invalid-context`.
 */
export function evalContextFromJson(
  json: ExprValue | undefined,
  sources: FunctionContextOptions,
): EvalContext {
  if (json === undefined || json === null) return { functions: createFunctionContext(sources) };
  if (!isExprObject(json)) return invalid('the context must be a JSON object');
  for (const k of Object.keys(json))
    if (!KNOWN.has(k)) invalid(`unknown context key '${k}' (known: ${[...KNOWN].join(', ')})`);
  const ctx: Record<string, unknown> = {};
  for (const k of OBJECT_KEYS) {
    const v = json[k];
    if (v === undefined || v === null) continue;
    if (!isExprObject(v)) invalid(`context.${k} must be an object`);
    ctx[k] = v;
  }
  for (const k of ANY_KEYS) if (json[k] !== undefined) ctx[k] = json[k];
  const acts = json['activities'];
  if (acts !== undefined && acts !== null) {
    if (!isExprObject(acts)) invalid('context.activities must be an object {name: {status, output, error}}');
    const map = new Map<string, ActivityState>();
    for (const [name, state] of Object.entries(acts)) {
      if (!isExprObject(state))
        invalid(`context.activities.${name} must be an object {status, output, error}`);
      map.set(name, activityState(name, state));
    }
    ctx['activities'] = map;
  }
  const now = json['now'];
  let clock: FunctionContextOptions = sources;
  if (now !== undefined && now !== null) {
    if (typeof now !== 'string') invalid('context.now must be an ISO 8601 timestamp string');
    // a fixed clock keeps all 7 fractional digits: utcNow() shows them, as ADF's 100-ns clock does
    const { ms, subMsTicks } = parseIsoClock(now);
    clock = { ...sources, now: () => ms, nowSubMsTicks: () => subMsTicks };
  }
  ctx['functions'] = createFunctionContext(clock);
  return ctx as unknown as EvalContext;
}

function activityState(name: string, state: ExprObject): ActivityState {
  const status = state['status'] ?? state['Status'];
  if (status !== undefined && status !== null && typeof status !== 'string')
    invalid(`context.activities.${name}.status must be a string`);
  return {
    ...(typeof status === 'string' ? { status } : {}),
    ...(state['output'] !== undefined ? { output: state['output'] } : {}),
    ...(state['error'] !== undefined ? { error: state['error'] } : {}),
  };
}

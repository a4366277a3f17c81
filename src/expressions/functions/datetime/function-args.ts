import { ExprCode } from '../../expression-codes.js';
import { FunctionError } from '../function-def.js';
import { asNumber, isInteger, isNumeric, typeName, type ExprValue } from '../../value.js';
import { formatInstant } from './dotnet-format.js';
import type { Instant } from './instant.js';
import { parseTimestamp, rememberTimestamp } from './timestamp-parse.js';

function typeError(
  fn: string,
  index: number,
  param: string,
  expected: string,
  value: ExprValue | undefined,
): FunctionError {
  return new FunctionError(
    ExprCode.Type,
    `${fn}: argument ${index + 1} (${param}) must be ${expected}, got ${typeName(value)}`,
  );
}

/** Prefixes a FunctionError's message with the function name, keeping its code. */
export function inFunction<T>(fn: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof FunctionError && !err.message.startsWith(`${fn}:`)) {
      throw new FunctionError(err.code, `${fn}: ${err.message}`);
    }
    throw err;
  }
}

/** A required String argument. */
export function stringArg(args: readonly ExprValue[], index: number, fn: string, param: string): string {
  const v = args[index];
  if (typeof v !== 'string') throw typeError(fn, index, param, 'a String', v);
  return v;
}

/** A required Integer argument (beyond 2^53 its nearest double: the amount's own range check rejects it). */
export function integerArg(args: readonly ExprValue[], index: number, fn: string, param: string): number {
  const v = args[index];
  if (!isInteger(v)) throw typeError(fn, index, param, 'an Integer', v);
  return asNumber(v);
}

/** A required Integer or Float argument, as a JS number. */
export function numberArg(args: readonly ExprValue[], index: number, fn: string, param: string): number {
  const v = args[index];
  if (v === undefined || !isNumeric(v)) throw typeError(fn, index, param, 'an Integer or Float', v);
  return asNumber(v);
}

/** A required timestamp string, parsed. */
export function timestampArg(args: readonly ExprValue[], index: number, fn: string): Instant {
  const text = stringArg(args, index, fn, 'timestamp');
  return inFunction(fn, () => parseTimestamp(text));
}

/** The optional trailing format argument (`undefined` when absent). */
export function formatArg(args: readonly ExprValue[], index: number, fn: string): string | undefined {
  return args.length > index ? stringArg(args, index, fn, 'format') : undefined;
}

/** Formats a result timestamp with the optional format argument at `index` (default `o`). */
export function formatResult(
  instant: Instant,
  args: readonly ExprValue[],
  index: number,
  fn: string,
): string {
  const format = formatArg(args, index, fn);
  const text = inFunction(fn, () => formatInstant(instant, format));
  if (format === undefined || format === '' || format === 'o' || format === 'O')
    rememberTimestamp(text, instant);
  return text;
}

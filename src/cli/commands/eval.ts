import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ConfigError, isMillraceError } from '../../errors/index.js';
import type * as Lib from '../../index.js';
import { commandAction } from '../command-action.js';
import { colors, ExitCode } from '../output.js';

type Library = typeof Lib;

interface EvalOptions {
  readonly context?: string;
  readonly now?: string;
  readonly jsonl?: boolean;
  readonly project?: string;
}

/** Node's clock, GUIDs and randomness: the library itself is pure and receives these. */
const sources = {
  now: (): number => Date.now(),
  newGuid: (): string => randomUUID(),
  random: (min: number, max: number): number => min + Math.floor(Math.random() * (max - min)),
};

/**
 * Registers `millrace eval`: evaluates one ADF expression string (`'@concat(…)'`, `'text @{…}'`) and prints
 * the value as JSON, or with `--jsonl` evaluates a stream of `{"id","expression","context"}` lines.
 */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'Evaluate an ADF expression string (e.g. "@concat(\'a\', pipeline().parameters.x)") and print the value as JSON',
    )
    .argument('[expression]', 'a JSON string value by ADF rules: "@expr", "text @{expr}", or literal text')
    .option(
      '--context <file>',
      'JSON file with parameters, globalParameters, variables, activities, item, pipeline, trigger, triggerBody, dataset, linkedService, now',
    )
    .option('--now <iso>', 'fixed clock for utcNow(), e.g. 2024-01-31T12:00:00Z')
    .option(
      '--project <dir>',
      "a project or factory: its global parameters are the default `globalParameters` (the context's win)",
    )
    .option(
      '--jsonl',
      'read {"id","expression","context"} lines on stdin, write {"id","value"} or {"id","error"} lines',
    )
    .action(
      commandAction(async (expression: string | undefined, opts: EvalOptions) => {
        const lib = await import('../../index.js');
        if (opts.jsonl) return evalLines(lib);
        if (expression === undefined)
          throw new ConfigError({
            code: 'cli/missing-argument',
            message: 'missing <expression> (or use --jsonl)',
          });
        return evalOne(lib, expression, opts);
      }),
    );
}

async function evalOne(lib: Library, expression: string, opts: EvalOptions): Promise<ExitCode> {
  let json: unknown = {};
  if (opts.context !== undefined) {
    const text = await readFile(opts.context, 'utf8').catch((err: unknown) => {
      throw new ConfigError({
        code: 'cli/unreadable-file',
        message: `cannot read ${opts.context}: ${(err as Error).message}`,
        cause: err,
      });
    });
    try {
      json = lib.parseExpressionJson(text);
    } catch (err) {
      throw new ConfigError({
        code: 'cli/invalid-json',
        message: `${opts.context}: ${(err as Error).message}`,
        cause: err,
      });
    }
  }
  if (opts.now !== undefined) json = { ...(json as object), now: opts.now };
  if (opts.project !== undefined) {
    const { factory } = await lib.loadProject(opts.project);
    const fromFactory = Object.fromEntries(
      Object.entries(factory.globalParameters).map(([k, v]) => [k, v.value]),
    );
    const given = (json as { globalParameters?: object }).globalParameters;
    json = { ...(json as object), globalParameters: { ...fromFactory, ...given } };
  }
  try {
    const ctx = lib.evalContextFromJson(json as never, sources);
    const value = lib.evaluateTemplate(expression, ctx);
    process.stdout.write(`${lib.stringifyExprValue(value, 2)}\n`);
    return ExitCode.Ok;
  } catch (err) {
    if (!lib.isExpressionError(err) || err.expression === '') throw err;
    const c = colors(process.stderr);
    process.stderr.write(
      `${c.red('error')} ${err.code}: ${err.message}\n${caret(err.expression, err.position, err.length)}\n`,
    );
    return ExitCode.BadInput;
  }
}

/** The line of `text` holding `position`, and a caret line under the offending span. */
export function caret(text: string, position: number, length: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const nl = text.indexOf('\n', position);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  const pad = line.slice(0, position - lineStart).replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(length, lineEnd - position));
  return `  ${line}\n  ${pad}${'^'.repeat(width)}`;
}

async function evalLines(lib: Library): Promise<ExitCode> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const out = evalLine(lib, line);
    if (!process.stdout.write(`${out}\n`))
      await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  return ExitCode.Ok;
}

function evalLine(lib: Library, line: string): string {
  let id: unknown = null;
  let request: unknown;
  try {
    request = lib.parseExpressionJson(line);
  } catch (err) {
    return errorLine(id, 'cli/invalid-line', `not a JSON line: ${(err as Error).message}`);
  }
  try {
    if (!lib.isExprObject(request))
      return errorLine(
        id,
        'cli/invalid-line',
        'each line must be a JSON object {"id","expression","context"}',
      );
    id = request['id'] ?? null;
    const expression = request['expression'];
    if (typeof expression !== 'string')
      return errorLine(id, 'cli/invalid-line', '"expression" must be a string');
    const ctx = lib.evalContextFromJson(request['context'], sources);
    const value = lib.evaluateTemplate(expression, ctx);
    return `{"id":${lib.stringifyExprValue(id as Lib.ExprValue)},"value":${lib.stringifyExprValue(value)}}`;
  } catch (err) {
    if (isMillraceError(err)) return errorLine(id, err.code, err.message);
    const e = err as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string' && e.code.startsWith('expr/'))
      return errorLine(id, e.code, String(e.message));
    return errorLine(id, 'internal/error', err instanceof Error ? err.message : String(err));
  }
}

function errorLine(id: unknown, code: string, message: string): string {
  return JSON.stringify({ id, error: { code, message } });
}

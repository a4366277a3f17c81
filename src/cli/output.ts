import pc from 'picocolors';
import type { Diagnostic, SerializedError } from '../errors/index.js';
import { formatLocation, isMillraceError } from '../errors/index.js';

/** Exit codes every command uses (STYLE.md §5). */
export const ExitCode = { Ok: 0, Findings: 1, BadInput: 2, Internal: 70 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Colours only when the stream is a terminal and NO_COLOR is not set. */
export function colors(stream: NodeJS.WriteStream = process.stdout): ReturnType<typeof pc.createColors> {
  return pc.createColors(Boolean(stream.isTTY) && !('NO_COLOR' in process.env));
}

/** Prints a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Formats a diagnostic for a person: `file:line:col path  error  code  message`. */
export function formatDiagnosticLine(d: Diagnostic, c = colors()): string {
  const sev =
    d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.blue('info');
  const where = formatLocation(d.location);
  return `${where ? `${c.bold(where)}\n  ` : ''}${sev} ${c.dim(d.code)} ${d.message}${d.hint ? `\n  ${c.dim(`hint: ${d.hint}`)}` : ''}`;
}

/**
 * Reports an error that ended a command and returns the exit code. User mistakes (a MillraceError) print a
 * code and a one-line message, never a stack; anything else is an internal bug (exit 70), with the stack
 * only under MILLRACE_DEBUG.
 */
export function reportError(err: unknown, json: boolean): ExitCode {
  if (isMillraceError(err)) {
    const e: SerializedError = {
      code: err.code,
      message: err.message,
      ...(err.location ? { location: err.location } : {}),
      ...(err.hint ? { hint: err.hint } : {}),
    };
    if (json) process.stdout.write(`${JSON.stringify({ error: e })}\n`);
    else {
      const c = colors(process.stderr);
      const where = formatLocation(e.location);
      process.stderr.write(`${c.red('error')} ${e.code}: ${e.message}${where ? ` (${where})` : ''}\n`);
      if (e.hint) process.stderr.write(`  hint: ${e.hint}\n`);
    }
    return err.code.startsWith('internal/') ? ExitCode.Internal : ExitCode.BadInput;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`internal error: ${message}\n`);
  if (process.env['MILLRACE_DEBUG'] && err instanceof Error && err.stack)
    process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('  (set MILLRACE_DEBUG=1 for a stack trace; please report this)\n');
  return ExitCode.Internal;
}

import { dirname } from 'node:path';
import type { LogCallback } from './log-sink.js';
import { LogSink } from './log-sink.js';
import { processFailure } from './process-failure.js';
import { runProcess } from './process-runner.js';
import { SecretRedactor } from './secret-redactor.js';

/** What every local process run takes: its log, timeout and cancellation, environment and redaction. */
export interface ProcessRunOptions {
  /** File the output is appended to (created with its folder). */
  readonly logFile: string;
  /** Every output line, redacted, as it comes. */
  readonly onLog?: LogCallback;
  /** Kill the process tree after this many milliseconds. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Grace between SIGTERM and SIGKILL. */
  readonly killGraceMs?: number;
  /** Environment; absent: inherited. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values to mask in the output (secrets the caller passed in). */
  readonly redactor?: SecretRedactor;
}

/** Options of a Python script run (DatabricksSparkPython). */
export interface RunPythonScriptOptions extends ProcessRunOptions {
  /** Absolute local path of the script. */
  readonly scriptPath: string;
  /** Command-line arguments (`sys.argv[1:]`). */
  readonly parameters?: readonly string[];
  /** Python interpreter; default `python3`. */
  readonly interpreter?: string;
  /** Working directory; default the script's folder. */
  readonly cwd?: string;
}

/** A finished script or command run. */
export interface ProcessRunResult {
  readonly exitCode: number;
  readonly durationMs: number;
  readonly logFile: string;
}

/**
 * Runs a Python file with `parameters` as argv, unbuffered, with its output streamed and redacted
 * like a notebook's. A non-zero exit throws `activity/process-failed` carrying the last stderr line.
 */
export async function runPythonScript(options: RunPythonScriptOptions): Promise<ProcessRunResult> {
  const sink = new LogSink(options.logFile, options.redactor ?? new SecretRedactor(), options.onLog);
  const what = `python script ${options.scriptPath}`;
  try {
    const outcome = await runProcess({
      command: options.interpreter ?? 'python3',
      args: ['-u', options.scriptPath, ...(options.parameters ?? [])],
      cwd: options.cwd ?? dirname(options.scriptPath),
      env: options.env,
      sink,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      killGraceMs: options.killGraceMs,
      what,
    });
    if (outcome.exitCode !== 0) throw processFailure(what, outcome);
    return { exitCode: 0, durationMs: outcome.durationMs, logFile: options.logFile };
  } finally {
    await sink.close();
  }
}

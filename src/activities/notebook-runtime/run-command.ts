import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '../../model/index.js';
import { LogSink } from './log-sink.js';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';
import { processFailure } from './process-failure.js';
import { runProcess } from './process-runner.js';
import type { ProcessRunOptions, ProcessRunResult } from './run-python-script.js';
import { SecretRedactor } from './secret-redactor.js';
import { splitCommandLine } from './split-command-line.js';

/** The files ADF's Custom activity puts in the task's working folder, and the one it reads back. */
export const CustomActivityFiles = {
  activity: 'activity.json',
  linkedServices: 'linkedServices.json',
  datasets: 'datasets.json',
  /** Written by the command; its JSON becomes `output.customOutput`. */
  outputs: 'outputs.json',
  stdout: 'stdout.txt',
  stderr: 'stderr.txt',
} as const;

/** Options of a command run (ADF Custom activity). */
export interface RunCommandOptions extends ProcessRunOptions {
  /** The command line, split without a shell (see `splitCommandLine`). */
  readonly command: string;
  /** Working folder of the run (created); the command runs there. */
  readonly workingDir: string;
  /** A local folder copied into the working folder first, as ADF downloads `folderPath`. */
  readonly resourceFolder?: string;
  /** Written to `activity.json` (ADF writes the activity definition; scripts read typeProperties.extendedProperties). */
  readonly activity?: JsonValue;
  /** Written to `linkedServices.json` / `datasets.json` (ADF: the referenceObjects); default `[]`. */
  readonly linkedServices?: readonly JsonValue[];
  readonly datasets?: readonly JsonValue[];
}

/** A finished command run. */
export interface CommandResult extends ProcessRunResult {
  readonly workingDir: string;
  /** `stdout.txt` and `stderr.txt` in the working folder (redacted). */
  readonly stdoutFile: string;
  readonly stderrFile: string;
  /** Parsed `outputs.json` when the command wrote one. */
  readonly customOutput?: JsonValue;
}

function readCustomOutput(file: string): JsonValue | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
  } catch (err) {
    throw new NotebookError({
      code: NotebookErrorCode.InvalidInput,
      message: `${file}: the command wrote an outputs.json that is not valid JSON (${(err as Error).message})`,
      cause: err,
    });
  }
}

/**
 * Runs a command the way ADF's Custom activity does, locally: copies the resource folder into the
 * working folder, writes activity.json / linkedServices.json / datasets.json there, runs the command
 * in it (no shell), keeps stdout.txt / stderr.txt, and reads outputs.json back. A non-zero exit throws
 * `activity/process-failed`.
 */
export async function runCommand(options: RunCommandOptions): Promise<CommandResult> {
  const [program, ...args] = splitCommandLine(options.command);
  if (program === undefined) {
    throw new NotebookError({ code: NotebookErrorCode.InvalidInput, message: 'the command is empty' });
  }
  const dir = options.workingDir;
  mkdirSync(dir, { recursive: true });
  if (options.resourceFolder !== undefined) cpSync(options.resourceFolder, dir, { recursive: true });
  const json = (name: string, value: unknown): void =>
    writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  json(CustomActivityFiles.activity, options.activity ?? {});
  json(CustomActivityFiles.linkedServices, options.linkedServices ?? []);
  json(CustomActivityFiles.datasets, options.datasets ?? []);

  const captured = { stdout: [] as string[], stderr: [] as string[] };
  const sink = new LogSink(options.logFile, options.redactor ?? new SecretRedactor(), (line, stream) => {
    captured[stream].push(line);
    options.onLog?.(line, stream);
  });
  const what = `command "${program}"`;
  const stdoutFile = join(dir, CustomActivityFiles.stdout);
  const stderrFile = join(dir, CustomActivityFiles.stderr);
  try {
    const outcome = await runProcess({
      command: program,
      args,
      cwd: dir,
      env: options.env,
      sink,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      killGraceMs: options.killGraceMs,
      what,
    });
    if (outcome.exitCode !== 0) throw processFailure(what, outcome);
    const customOutput = readCustomOutput(join(dir, CustomActivityFiles.outputs));
    return {
      exitCode: 0,
      durationMs: outcome.durationMs,
      logFile: options.logFile,
      workingDir: dir,
      stdoutFile,
      stderrFile,
      ...(customOutput === undefined ? {} : { customOutput }),
    };
  } finally {
    await sink.close();
    const text = (lines: string[]): string => (lines.length ? `${lines.join('\n')}\n` : '');
    writeFileSync(stdoutFile, text(captured.stdout));
    writeFileSync(stderrFile, text(captured.stderr));
  }
}

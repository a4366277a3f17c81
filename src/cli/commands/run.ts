import type { Command } from 'commander';
import type * as Library from '../../index.js';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP, EXECUTION_FLAGS, EXECUTION_HELP, dbOf, executionOf } from '../db-option.js';
import type { DbOption, ExecutionOption } from '../db-option.js';
import { ExitCode, printJson } from '../output.js';
import { formatProducedMl, producedMl } from './produced-models.js';
import { createLiveRunOutput, formatRunSummary } from './run-progress.js';
import { checkRun } from './run-assertions.js';

type Lib = typeof Library;

interface RunCommandOptions extends DbOption, ExecutionOption {
  readonly param: string[];
  readonly json?: boolean;
  readonly project: string;
  readonly env?: string;
  readonly expectStatus?: string;
  readonly assert: string[];
  readonly remote?: boolean;
}

/** Collects repeated `-p name=value` options. */
export function collectParam(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `name=value` pairs → record; a pair without `=` or a repeated name is bad input. */
export function parseParamPairs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError({ code: 'cli/invalid-parameter', message: `-p ${pair}: expected name=value` });
    }
    const name = pair.slice(0, eq);
    if (name in out)
      throw new ConfigError({ code: 'cli/invalid-parameter', message: `-p ${name} given twice` });
    out[name] = pair.slice(eq + 1);
  }
  return out;
}

/** Exit code of a finished run: 0 Succeeded, 1 Failed or Cancelled. */
export function runExitCode(status: string): ExitCode {
  return status === 'Succeeded' ? ExitCode.Ok : ExitCode.Findings;
}

/** Exit codes of a second stop signal, by the shell's 128 + signal number convention. */
const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
};

/**
 * Ctrl-C, SIGTERM (a supervisor or container stopping us) and SIGHUP (the terminal closed) cancel the run, its
 * activities, child runs and child processes, once; a second signal exits at once (the reaper still stops any child
 * process left).
 */
export function cancelOnInterrupt(controller: AbortController): () => void {
  const handlers = (Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]).map((sig) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(SIGNAL_EXIT[sig]);
      // The terminal may be gone (SIGHUP): a failed write must not stop the cancellation.
      try {
        process.stderr.write(`cancelling (${sig})… (again to quit at once)\n`);
      } catch {
        // nothing to tell
      }
      controller.abort(new Error(sig === 'SIGINT' ? 'interrupted' : `stopped by ${sig}`));
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  return () => {
    for (const [sig, handler] of handlers) process.off(sig, handler);
  };
}

/** `run --remote`: the run happens in the environment's Data Factory; output and checks as for a local run. */
async function runRemote(
  lib: Lib,
  pipeline: string,
  rawParameters: Record<string, string>,
  opts: RunCommandOptions,
): Promise<ExitCode> {
  if (opts.env === undefined)
    throw new ConfigError({
      code: 'cli/missing-option',
      message: '--remote needs --env <name> (the environment whose Data Factory runs it)',
    });
  const controller = new AbortController();
  const detach = cancelOnInterrupt(controller);
  const live = !opts.json && process.stderr.isTTY ? createLiveRunOutput() : undefined;
  const poll = Number(process.env['MILLRACE_REMOTE_POLL_MS'] ?? '');
  try {
    const doc = await lib.runRemotePipeline({
      projectDir: opts.project,
      environment: opts.env,
      pipeline,
      rawParameters,
      signal: controller.signal,
      ...(Number.isFinite(poll) && poll > 0 ? { pollMs: poll } : {}),
      ...(live ? { onEvent: live.onEvent } : {}),
    });
    if (opts.json) printJson(doc);
    else
      process.stdout.write(
        formatRunSummary(doc, {
          summarize: lib.summarizeBuiltinOutput,
          remote: `the Data Factory of ${opts.env}`,
        }),
      );
    if (opts.expectStatus === undefined && opts.assert.length === 0) return runExitCode(doc.status);
    return checkRun(doc, opts.expectStatus, lib.assertRun(doc, opts.assert));
  } finally {
    detach();
  }
}

/**
 * Registers `millrace run <pipeline>`: runs a pipeline in-process with state in `.millrace/state.db`.
 * Live progress on a terminal; `--json` prints the run document. Exit 0 Succeeded, 1 Failed/Cancelled, 2 bad input.
 */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Run a pipeline locally and record it in .millrace/state.db')
    .argument('<pipeline>', 'pipeline name')
    .option(
      '-p, --param <name=value>',
      'parameter value, parsed by its declared type (repeatable)',
      collectParam,
      [],
    )
    .option('--json', 'print the run document as JSON')
    .option('--project <dir>', 'project folder (millrace.json) or factory folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .option(EXECUTION_FLAGS, EXECUTION_HELP)
    .option('--env <name>', 'environment to run in (its parameters and secrets)')
    .option('--remote', "run in the environment's Azure Data Factory (cloud.dataFactory) and follow it there")
    .option('--expect-status <status>', 'integration test: exit 1 unless the run ends with this status')
    .option(
      '--assert <expression>',
      'integration test: an ADF expression that must be true after the run, e.g. "@equals(activity(\'Copy\').output.rowsCopied, 10)" (repeatable)',
      collectParam,
      [],
    )
    .action(
      commandAction(
        async (pipeline: string, opts: RunCommandOptions) => {
          const rawParameters = parseParamPairs(opts.param);
          const lib = await import('../../index.js');
          if (opts.remote) return runRemote(lib, pipeline, rawParameters, opts);
          const millrace = await lib.createMillrace({
            projectDir: opts.project,
            ...dbOf(opts),
            ...executionOf(opts),
            ...(opts.env === undefined
              ? {}
              : {
                  environment: opts.env,
                  onDiagnostic: (d) => process.stderr.write(`${lib.formatDiagnostic(d)}\n`),
                }),
          });
          const controller = new AbortController();
          const detach = cancelOnInterrupt(controller);
          // Live output only for a person at a terminal: nothing when piped or with --json.
          const live = !opts.json && process.stderr.isTTY ? createLiveRunOutput() : undefined;
          try {
            const doc = await millrace.runPipeline(pipeline, {
              rawParameters,
              signal: controller.signal,
              ...(live ? { onEvent: live.onEvent, onProgress: live.onProgress } : {}),
            });
            if (opts.json) printJson(doc);
            else {
              process.stdout.write(formatRunSummary(doc, { summarize: millrace.summarizeOutput }));
              // The models the run's notebooks registered, with their metrics (the demo ends on them).
              if (millrace.usedMlTracking(doc.runId))
                process.stdout.write(formatProducedMl(await producedMl(opts.project, doc.runId)));
            }
            if (opts.expectStatus === undefined && opts.assert.length === 0) return runExitCode(doc.status);
            return checkRun(doc, opts.expectStatus, lib.assertRun(doc, opts.assert));
          } finally {
            detach();
            await millrace.close();
          }
        },
        (_pipeline: string, opts: RunCommandOptions) => opts.json === true,
      ),
    );
}

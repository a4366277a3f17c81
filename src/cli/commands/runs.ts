import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP, dbOf } from '../db-option.js';
import type { DbOption } from '../db-option.js';
import { colors, ExitCode, printJson } from '../output.js';
import { createProgress, formatRunSummary } from './run-progress.js';
import { cancelOnInterrupt, collectParam, parseParamPairs, runExitCode } from './run.js';
import { formatMlRun, openModelsOf } from './ml-runs.js';

interface ProjectOptions extends DbOption {
  readonly project: string;
  readonly json?: boolean;
}

interface ListOptions extends ProjectOptions {
  readonly pipeline?: string;
  readonly status?: string;
  readonly limit: string;
  readonly offset: string;
}

const STATUSES = ['Queued', 'InProgress', 'Succeeded', 'Failed', 'Canceling', 'Cancelled'];

async function open(o: ProjectOptions, environment?: string) {
  const lib = await import('../../index.js');
  return lib.createMillrace({
    projectDir: o.project,
    ...dbOf(o),
    ...(environment === undefined ? {} : { environment }),
  });
}

function count(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError({ code: 'cli/invalid-option', message: `--${name} must be an integer ≥ 0` });
  return n;
}

/** The ML runs and logged models a pipeline run's notebooks produced (their lineage tag). */
async function mlProducedBy(project: string, runId: string, db?: string) {
  const models = await openModelsOf(project, db);
  try {
    return await models.producedBy(runId);
  } finally {
    await models.close();
  }
}

/** Registers `millrace runs list|show|cancel|rerun`: the run history in `.millrace/state.db`. */
export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('List, show, cancel and rerun pipeline runs');
  const isJson = (...args: unknown[]): boolean =>
    (args.find((a) => typeof a === 'object' && a !== null && 'project' in a) as ProjectOptions | undefined)
      ?.json === true;

  runs
    .command('list')
    .description('List runs, newest first')
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option('--status <status>', `only runs with this status (${STATUSES.join(', ')})`)
    .option('--limit <n>', 'page size', '20')
    .option('--offset <n>', 'rows to skip', '0')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (opts: ListOptions) => {
        const status =
          opts.status === undefined
            ? undefined
            : STATUSES.find((s) => s.toLowerCase() === opts.status?.toLowerCase());
        if (opts.status !== undefined && !status) {
          throw new ConfigError({
            code: 'cli/invalid-option',
            message: `--status ${opts.status}: expected one of ${STATUSES.join(', ')}`,
          });
        }
        const millrace = await open(opts);
        try {
          const page = await millrace.listRuns({
            ...(opts.pipeline ? { pipeline: opts.pipeline } : {}),
            ...(status ? { status: status as 'Failed' } : {}),
            limit: count('limit', opts.limit),
            offset: count('offset', opts.offset),
          });
          if (opts.json) printJson(page);
          else {
            const c = colors();
            for (const r of page.runs) {
              const when = new Date(r.start ?? r.queuedAt).toISOString();
              const env = r.environment === undefined ? '' : c.dim(`  [${r.environment}]`);
              process.stdout.write(
                `${r.runId}  ${when}  ${r.status.padEnd(10)}  ${r.pipeline}${env}${r.message ? c.dim(`  ${r.message}`) : ''}\n`,
              );
            }
            process.stdout.write(c.dim(`${page.runs.length} of ${page.total} runs\n`));
          }
          return ExitCode.Ok;
        } finally {
          await millrace.close();
        }
      }, isJson),
    );

  runs
    .command('show')
    .description('Show one run (the run document with --json)')
    .argument('<runId>')
    .option('--json', 'print the run document as JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (runId: string, opts: ProjectOptions) => {
        const millrace = await open(opts);
        try {
          const doc = await millrace.getRun(runId);
          if (!doc) throw new ConfigError({ code: 'run/unknown-run', message: `no run with id ${runId}` });
          const ml = await mlProducedBy(opts.project, runId, opts.db);
          if (opts.json) printJson({ ...doc, ml });
          else {
            process.stdout.write(formatRunSummary(doc, { summarize: millrace.summarizeOutput }));
            for (const a of doc.activityRuns) {
              const where = a.iteration ? `${a.iteration}/` : '';
              const err = a.error ? `  ${a.error.errorCode}: ${a.error.message}` : '';
              process.stdout.write(
                `  ${a.status.padEnd(10)} ${where}${a.activityName} (${a.activityType})${err}\n`,
              );
              for (const f of a.artifacts ?? []) process.stdout.write(`             artifact ${f.path}\n`);
            }
            for (const r of ml.runs) {
              const activity = r.data.tags.find((t) => t.key === 'millrace.activity')?.value ?? '?';
              process.stdout.write(`  ML run ${r.info.run_id} (${activity}): ${formatMlRun(r)}`);
            }
            for (const m of ml.models) process.stdout.write(`  model ${m.info.model_id} ${m.info.name}\n`);
            for (const v of ml.versions)
              process.stdout.write(`  registered ${v.name} version ${v.version} (ML run ${v.run_id})\n`);
          }
          return ExitCode.Ok;
        } finally {
          await millrace.close();
        }
      }, isJson),
    );

  runs
    .command('logs')
    .description(
      "Print the captured logs of a run's activities (stdout/stderr of notebooks, scripts, commands)",
    )
    .argument('<runId>')
    .option('--activity <name>', 'only this activity (all its runs: iterations and retries)')
    .option('--json', 'print [{activityName, activityRunId, iteration, status, text}]')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (runId: string, opts: ProjectOptions & { readonly activity?: string }) => {
        const millrace = await open(opts);
        try {
          const logs = await millrace.logs(runId, opts.activity);
          if (opts.json) printJson(logs);
          else if (logs.length === 0) {
            process.stderr.write(
              `no logs kept for run ${runId}${opts.activity ? ` activity ${opts.activity}` : ''}\n`,
            );
          } else {
            const c = colors();
            for (const log of logs) {
              const where = log.iteration ? ` ${c.dim(log.iteration)}` : '';
              process.stdout.write(
                `${c.bold(`== ${log.activityName}`)}${where} ${c.dim(log.status)}\n${log.text}`,
              );
            }
          }
          return ExitCode.Ok;
        } finally {
          await millrace.close();
        }
      }, isJson),
    );

  runs
    .command('cancel')
    .description('Cancel a queued or running run (also one running in another process)')
    .argument('<runId>')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (runId: string, opts: ProjectOptions) => {
        const millrace = await open(opts);
        try {
          if (!(await millrace.cancelRun(runId))) {
            throw new ConfigError({
              code: 'run/not-cancellable',
              message: `run ${runId} is unknown or already finished`,
            });
          }
          process.stdout.write(`cancellation requested for ${runId}\n`);
          return ExitCode.Ok;
        } finally {
          await millrace.close();
        }
      }),
    );

  runs
    .command('rerun')
    .description(
      'Rerun a finished run with the same parameters (--from-failed: reuse what succeeded; --iteration: only that failed ForEach iteration)',
    )
    .argument('<runId>')
    .option('--from-failed', 'rerun from the failed activities, reusing the outputs of the succeeded ones')
    .option(
      '--iteration <path>',
      "rerun only this failed ForEach iteration, e.g. 'Loop[3]' or 'Outer[1]/Inner[2]' (repeatable); the others keep their results",
      collectParam,
      [],
    )
    .option('-p, --param <name=value>', 'override a parameter (repeatable)', collectParam, [])
    .option('--env <name>', 'the environment of the run (default: the one the run ran in)')
    .option('--json', 'print the run document as JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(
        async (
          runId: string,
          opts: ProjectOptions & {
            fromFailed?: boolean;
            iteration: string[];
            param: string[];
            env?: string;
          },
        ) => {
          const rawParameters = parseParamPairs(opts.param);
          // The run's own environment unless one is named (a different one is refused by the rerun).
          let millrace = await open(opts, opts.env);
          if (opts.env === undefined) {
            const ranIn = (await millrace.getRun(runId))?.environment;
            if (ranIn !== undefined) {
              await millrace.close();
              millrace = await open(opts, ranIn);
            }
          }
          const controller = new AbortController();
          const detach = cancelOnInterrupt(controller);
          try {
            const doc = await millrace.rerun(runId, {
              fromFailed: opts.fromFailed === true,
              ...(opts.iteration.length > 0 ? { iterations: opts.iteration } : {}),
              rawParameters,
              signal: controller.signal,
              ...(!opts.json && process.stderr.isTTY ? { onEvent: createProgress() } : {}),
            });
            if (opts.json) printJson(doc);
            else process.stdout.write(formatRunSummary(doc, { summarize: millrace.summarizeOutput }));
            return runExitCode(doc.status);
          } finally {
            detach();
            await millrace.close();
          }
        },
        isJson,
      ),
    );
}

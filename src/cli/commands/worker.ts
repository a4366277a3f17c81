import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP, dbOf } from '../db-option.js';
import type { DbOption } from '../db-option.js';
import { ExitCode } from '../output.js';

interface WorkerCommandOptions extends DbOption {
  readonly project: string;
  readonly concurrency?: string;
  readonly queues?: string;
  readonly verbose?: boolean;
  readonly lease: string;
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError({
      code: 'cli/invalid-option',
      message: `${flag} ${text}: expected an integer ≥ 1`,
    });
  return n;
}

/**
 * Registers `millrace worker`: takes activity attempts from the work queue of the PostgreSQL state database (the
 * pipelines' runs are orchestrated by servers or `millrace run` with `--execution workers`) and runs them. Prints
 * one line when it starts; `--verbose`, one per attempt. SIGINT/SIGTERM: stop taking work, finish the attempts
 * held, exit; a second signal aborts them (their leases lapse and their runs retry them as their policy says).
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run activities from the work queue of the PostgreSQL state database (execution: workers)')
    .option('--project <dir>', 'project folder (the same factory as the servers)', '.')
    .option(DB_FLAGS, DB_HELP)
    .option('--concurrency <n>', 'activity attempts run at once (default: the number of cores)')
    .option('--queues <names>', 'comma-separated queues (integration runtime names) to take from', 'default')
    .option(
      '--lease <seconds>',
      'how long an attempt stays this worker’s without a heartbeat (renewed every third of it); a killed worker’s attempts are retried after it',
      '10',
    )
    .option('--verbose', 'print a line per activity attempt')
    .action(
      commandAction(async (o: WorkerCommandOptions) => {
        const { startWorker } = await import('../../index.js');
        const queues = (o.queues ?? 'default')
          .split(',')
          .map((q) => q.trim())
          .filter((q) => q !== '');
        const worker = await startWorker({
          projectDir: o.project,
          ...dbOf(o),
          ...(o.concurrency === undefined
            ? {}
            : { concurrency: positiveInt('--concurrency', o.concurrency) }),
          queues,
          leaseMs: positiveInt('--lease', o.lease) * 1000,
          ...(o.verbose
            ? {
                onEvent: (e) => {
                  const a = e.work.payload;
                  const what = `${a.pipelineName}/${a.activity.name} (run ${a.runId}, attempt ${a.attempt})`;
                  process.stderr.write(
                    e.kind === 'claimed'
                      ? `took ${what}\n`
                      : `${e.status} ${what} in ${e.ms} ms${e.error ? `: ${e.error.code} ${e.error.message}` : ''}\n`,
                  );
                },
              }
            : {}),
        });
        process.stderr.write(`worker ${worker.id} taking from ${queues.join(', ')}\n`);
        await new Promise<void>((resolve) => {
          let stopping = false;
          const onSignal = (signal: NodeJS.Signals): void => {
            if (stopping) {
              process.stderr.write(`${signal}: aborting the activities held\n`);
              void worker.stop({ force: true }).then(resolve, resolve);
              return;
            }
            stopping = true;
            process.stderr.write(`${signal}: finishing ${worker.stats().running} activities, then exiting\n`);
            void worker.stop().then(resolve, resolve);
          };
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
        });
        const s = worker.stats();
        process.stderr.write(`worker ${worker.id} stopped: ${s.succeeded} succeeded, ${s.failed} failed\n`);
        return ExitCode.Ok;
      }),
    );
}

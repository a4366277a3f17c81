import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { packageVersion } from '../package-version.js';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP, EXECUTION_FLAGS, EXECUTION_HELP, dbOf, executionOf } from '../db-option.js';
import type { DbOption, ExecutionOption } from '../db-option.js';
import { ExitCode } from '../output.js';

interface ServerCommandOptions extends DbOption, ExecutionOption {
  readonly project: string;
  readonly env?: string;
  readonly port: string;
  readonly host: string;
  readonly log?: boolean;
  /** False with `--no-scheduler`. */
  readonly scheduler: boolean;
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError({ code: 'cli/invalid-option', message: `--port ${text}: expected 0-65535` });
  return n;
}

/**
 * Registers `millrace server`: the REST API over the project (127.0.0.1:8080 unless told otherwise).
 * Prints `listening on <url>` on stdout once bound (`--port 0` picks a free port), then runs the trigger
 * scheduler in the same process unless `--no-scheduler`. SIGINT/SIGTERM shut it down gracefully: the
 * scheduler stops, log streams end, the runs it started are cancelled, the stores are closed.
 */
export function registerServer(program: Command): void {
  program
    .command('server')
    .description(
      'Serve the REST API (runs, triggers, logs, resources, secrets, metrics) and run the trigger scheduler',
    )
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .option(EXECUTION_FLAGS, EXECUTION_HELP)
    .option('--env <name>', 'environment to run pipelines in')
    .option('--port <n>', 'TCP port (0 = any free port)', '8080')
    .option('--host <address>', 'interface to bind (0.0.0.0 exposes the server)', '127.0.0.1')
    .option('--log', 'log requests as JSON lines')
    .option('--no-scheduler', 'do not run the trigger scheduler in this process')
    .action(
      commandAction(async (o: ServerCommandOptions) => {
        const { startServer } = await import('../../server/index.js');
        const server = await startServer({
          projectDir: o.project,
          ...dbOf(o),
          ...executionOf(o),
          port: port(o.port),
          host: o.host,
          version: packageVersion(),
          ...(o.env === undefined ? {} : { environment: o.env }),
          ...(o.log ? { logger: true } : {}),
          scheduler: o.scheduler,
        });
        process.stdout.write(`listening on ${server.url}\n`);
        if ((await server.tokenCount()) === 0) {
          process.stderr.write(
            'no API tokens yet: only /api/health answers; create one with `millrace tokens create --name <n> --role admin`\n',
          );
        }
        await new Promise<void>((resolve) => {
          const stop = (signal: string): void => {
            process.stderr.write(`${signal}: shutting down…\n`);
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            void server.close().then(resolve, (err: unknown) => {
              process.stderr.write(`shutdown failed: ${String(err)}\n`);
              resolve();
            });
          };
          const onInt = (): void => stop('SIGINT');
          const onTerm = (): void => stop('SIGTERM');
          process.on('SIGINT', onInt);
          process.on('SIGTERM', onTerm);
        });
        return ExitCode.Ok;
      }),
    );
}

import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { ExitCode, printJson } from '../output.js';

interface ServeOptions {
  readonly project: string;
  readonly env?: string;
  readonly port: string;
  readonly host: string;
  readonly workers?: string;
  readonly timeout?: string;
  readonly python?: string;
}

interface BuildImageOptions {
  readonly project: string;
  readonly env?: string;
  readonly out: string;
  readonly python?: string;
}

interface ServingOptions {
  readonly project: string;
  readonly env?: string;
  readonly json?: boolean;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError({ code: 'cli/invalid-option', message: `${flag} ${text}: expected ${min}-${max}` });
  return n;
}

const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());

/** Waits for SIGINT/SIGTERM, then runs `close`. */
function untilSignal(close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.stderr.write(`${signal}: draining and stopping the workers…\n`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      void close().then(resolve, (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        resolve();
      });
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

/**
 * Registers `millrace models serve <name>@<alias>` (MLflow's scoring protocol over a pool of Python workers,
 * following the alias) and `millrace models serving` (what serves which version since when).
 */
export function registerModelServing(models: Command): void {
  models
    .command('serve')
    .description("Serve a registered model over MLflow's scoring protocol, following its alias")
    .argument('<model>', '<name>@<alias>, e.g. price@champion')
    .option('--env <name>', 'environment whose registry holds the alias (default: the default registry)')
    .option('--port <n>', 'TCP port (0 = any free port)', '5000')
    .option('--host <address>', 'interface to bind', '127.0.0.1')
    .option('--workers <n>', 'Python worker processes (default: cores, at most 4)')
    .option('--timeout <seconds>', 'request timeout (default 60)')
    .option('--python <path>', 'base interpreter of the model environment')
    .option('--project <dir>', 'project folder', '.')
    .action(
      commandAction(async (model: string, o: ServeOptions) => {
        const { serveModel } = await import('../../server/index.js');
        const server = await serveModel({
          projectDir: o.project,
          model,
          port: integer('--port', o.port, 0, 65535),
          host: o.host,
          ...(o.env === undefined ? {} : { environment: o.env }),
          ...(o.workers === undefined ? {} : { workers: integer('--workers', o.workers, 1, 64) }),
          ...(o.timeout === undefined ? {} : { timeoutSeconds: integer('--timeout', o.timeout, 1, 86400) }),
          ...(o.python === undefined ? {} : { python: o.python }),
          onLog: (line) => process.stderr.write(`${line}\n`),
        });
        const s = server.status();
        process.stdout.write(
          `serving ${s.model}@${s.alias} v${s.version ?? '?'} (${server.env}) with ${s.workers} worker(s) on ${server.url}\n`,
        );
        await untilSignal(() => server.close());
        return ExitCode.Ok;
      }),
    );
  models
    .command('build-image')
    .description('Write a container build context (Dockerfile, pinned requirements, model, scoring server)')
    .argument('<model>', '<name>@<alias>, e.g. price@champion')
    .requiredOption('--out <dir>', 'folder to write (must not exist or be empty)')
    .option('--env <name>', 'environment whose registry and artifact store hold the model')
    .option('--python <path>', 'base interpreter the model environment is resolved on')
    .option('--project <dir>', 'project folder', '.')
    .action(
      commandAction(async (model: string, o: BuildImageOptions) => {
        const lib = await import('../../index.js');
        const image = await lib.buildModelImage({
          projectDir: o.project,
          model,
          out: o.out,
          ...(o.env === undefined ? {} : { environment: o.env }),
          ...(o.python === undefined ? {} : { python: o.python }),
          onLog: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(
          `wrote ${image.model}@${image.alias} v${image.version} (${image.env}) to ${image.dir}: Python ${image.python}, ${image.requirements.length} pinned requirements\n`,
        );
        return ExitCode.Ok;
      }),
    );
  models
    .command('serving')
    .description('What serves which model version in an environment, since when')
    .option('--env <name>', 'environment (default: the default registry)')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .action(
      commandAction(async (o: ServingOptions) => {
        const lib = await import('../../index.js');
        const state = await lib.servingStatus({
          projectDir: o.project,
          ...(o.env === undefined ? {} : { environment: o.env }),
        });
        if (o.json) printJson(state);
        else {
          if (state.endpoints.length === 0) process.stdout.write(`nothing serves in ${state.env}\n`);
          for (const e of state.endpoints)
            process.stdout.write(
              `${e.model}@${e.alias}\tv${e.version}\tsince ${iso(e.since)}\t${e.running ? 'running' : 'stopped'}\tpid ${e.pid}${e.url ? `\t${e.url}` : ''}\n`,
            );
          for (const h of state.history.slice(-10))
            process.stdout.write(
              `  ${iso(h.since)}  ${h.model}@${h.alias} → v${h.version}${h.previous ? ` (was v${h.previous})` : ''}\n`,
            );
        }
        return ExitCode.Ok;
      }),
    );
}

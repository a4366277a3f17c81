import type { Command } from 'commander';
import { commandAction } from '../command-action.js';
import { ExitCode, printJson } from '../output.js';

interface EnvCommandOptions {
  readonly project: string;
  readonly json?: boolean;
  readonly from?: string;
}

/**
 * Registers `millrace env list|create|destroy`: the project's environments, and short-lived preview
 * environments copied from another one (recorded in `.millrace/envs.json`).
 */
export function registerEnv(program: Command): void {
  const env = program
    .command('env')
    .description('List environments; create and destroy preview environments');
  env
    .command('list')
    .description('List the environments (millrace.json) and preview environments (.millrace/envs.json)')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .action(
      commandAction(
        async (opts: EnvCommandOptions) => {
          const lib = await import('../../index.js');
          const all = await lib.listEnvironments(opts.project);
          if (opts.json) printJson(all);
          else
            for (const e of all)
              process.stdout.write(
                `${e.name}${e.protected ? ' (protected)' : ''}${e.preview ? ` (preview of ${e.preview.from}, ${e.preview.createdAt})` : ''}\t${e.parameters.join(', ') || '-'}\n`,
              );
          return ExitCode.Ok;
        },
        (opts: EnvCommandOptions) => opts.json === true,
      ),
    );
  env
    .command('create')
    .description('Create a preview environment copied from another (parameters files and local vault)')
    .argument('<name>', 'new environment name, e.g. pr-42')
    .requiredOption('--from <env>', 'environment to copy')
    .option('--project <dir>', 'project folder', '.')
    .action(
      commandAction(async (name: string, opts: EnvCommandOptions) => {
        const lib = await import('../../index.js');
        const created = await lib.createPreviewEnvironment(name, opts.from ?? '', {
          projectDir: opts.project,
        });
        process.stdout.write(`created ${created.name} from ${opts.from ?? ''} in ${created.target}\n`);
        return ExitCode.Ok;
      }),
    );
  env
    .command('destroy')
    .description('Remove a preview environment and its state folder')
    .argument('<name>', 'preview environment name')
    .option('--project <dir>', 'project folder', '.')
    .action(
      commandAction(async (name: string, opts: EnvCommandOptions) => {
        const lib = await import('../../index.js');
        await lib.destroyPreviewEnvironment(name, opts.project);
        process.stdout.write(`destroyed ${name}\n`);
        return ExitCode.Ok;
      }),
    );
}

import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { ExitCode, printJson } from '../output.js';
import { readSecretValue } from '../read-secret-value.js';

interface SecretsCommandOptions {
  readonly env: string;
  readonly project: string;
  readonly provider?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
}

const common = (c: Command): Command =>
  c
    .requiredOption('--env <name>', 'environment')
    .option('--provider <name>', 'secret provider (a key of secrets.providers); default the local vault')
    .option('--project <dir>', 'project folder', '.');

/**
 * Registers `millrace secrets set|list|delete --env <name>`. Values are read from stdin or a hidden
 * prompt, never from arguments, and never printed: `list` shows names only.
 */
export function registerSecrets(program: Command): void {
  const secrets = program
    .command('secrets')
    .description("Manage an environment's secrets (values never shown)");
  const open = async (o: SecretsCommandOptions) => {
    const lib = await import('../../index.js');
    return lib.openSecrets({
      projectDir: o.project,
      environment: o.env,
      ...(o.provider ? { provider: o.provider } : {}),
      confirmProtected: o.yes === true,
    });
  };
  common(secrets.command('set').description('Set a secret; the value comes from stdin or a hidden prompt'))
    .argument('<name>', 'secret name')
    .option('--yes', 'confirm changing a protected environment')
    .action(
      commandAction(async (name: string, o: SecretsCommandOptions) => {
        const admin = await open(o);
        const value = await readSecretValue(name);
        if (value === '')
          throw new ConfigError({
            code: 'cli/empty-secret',
            message: `no value given for ${name}`,
            hint: `printf %s "$VALUE" | millrace secrets set ${name} --env ${o.env}`,
          });
        await admin.set(name, value);
        process.stdout.write(`set ${name} in ${o.env} (${admin.description})\n`);
        return ExitCode.Ok;
      }),
    );
  common(secrets.command('list').description('List secret names (never values)'))
    .option('--json', 'print JSON')
    .action(
      commandAction(
        async (o: SecretsCommandOptions) => {
          const names = await (await open(o)).list();
          if (o.json) printJson(names);
          else for (const n of names) process.stdout.write(`${n}\n`);
          return ExitCode.Ok;
        },
        (o: SecretsCommandOptions) => o.json === true,
      ),
    );
  common(secrets.command('delete').description('Delete a secret'))
    .argument('<name>', 'secret name')
    .option('--yes', 'confirm changing a protected environment')
    .action(
      commandAction(async (name: string, o: SecretsCommandOptions) => {
        const deleted = await (await open(o)).delete(name);
        process.stdout.write(deleted ? `deleted ${name}\n` : `no secret ${name} in ${o.env}\n`);
        return deleted ? ExitCode.Ok : ExitCode.Findings;
      }),
    );
}

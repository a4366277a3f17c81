import type { Command } from 'commander';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP, dbOf } from '../db-option.js';
import type { DbOption } from '../db-option.js';
import { ExitCode, printJson } from '../output.js';

interface TokensOptions {
  readonly project: string;
  readonly json?: boolean;
}

interface CreateOptions extends TokensOptions {
  readonly name: string;
  readonly role: string;
}

async function open(o: { readonly project: string } & DbOption) {
  const lib = await import('../../index.js');
  return lib.openAccess({ projectDir: o.project, ...dbOf(o) });
}

const iso = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

/**
 * Registers `millrace tokens create|list|revoke`: API tokens of `millrace server`, stored hashed in
 * `.millrace/state.db`. `create` prints the token once; `list` never shows it.
 */
export function registerTokens(program: Command): void {
  const tokens = program.command('tokens').description('Manage API tokens of the server (stored hashed)');
  const isJson = (o: TokensOptions): boolean => o.json === true;
  tokens
    .command('create')
    .description('Create a token and print it (shown this once)')
    .requiredOption('--name <name>', 'token name (who uses it: ci, alice…)')
    .requiredOption('--role <role>', 'reader | operator | deployer | admin')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (o: CreateOptions) => {
        const access = await open(o);
        try {
          const t = await access.createToken(o.name, o.role);
          if (o.json) printJson({ name: t.name, role: t.role, createdAt: iso(t.createdAt), token: t.token });
          else {
            process.stdout.write(`${t.token}\n`);
            process.stderr.write(`created token ${t.name} (${t.role}); it is shown only this once\n`);
          }
        } finally {
          await access.close();
        }
        return ExitCode.Ok;
      }, isJson),
    );
  tokens
    .command('list')
    .description('List tokens: name, role, created, last used (never the token)')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (o: TokensOptions) => {
        const access = await open(o);
        try {
          const list = await access.listTokens();
          if (o.json) {
            printJson(
              list.map((t) => ({ ...t, createdAt: iso(t.createdAt), lastUsedAt: iso(t.lastUsedAt) })),
            );
          } else {
            for (const t of list) {
              process.stdout.write(`${t.name}\t${t.role}\t${iso(t.createdAt)}\t${iso(t.lastUsedAt)}\n`);
            }
          }
        } finally {
          await access.close();
        }
        return ExitCode.Ok;
      }, isJson),
    );
  tokens
    .command('revoke')
    .description('Revoke (delete) a token')
    .argument('<name>', 'token name')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (name: string, o: TokensOptions) => {
        const access = await open(o);
        try {
          const revoked = await access.revokeToken(name);
          process.stdout.write(revoked ? `revoked ${name}\n` : `no token named ${name}\n`);
          return revoked ? ExitCode.Ok : ExitCode.Findings;
        } finally {
          await access.close();
        }
      }),
    );
}

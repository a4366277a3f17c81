import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { createSigningKeyPair, registerApprover } from '../../config/index.js';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { ExitCode, printJson } from '../output.js';

interface CreateOptions {
  readonly name: string;
  readonly out?: string;
  readonly register?: string;
  readonly project: string;
  readonly json?: boolean;
}

/**
 * Registers `millrace keys create --name <you> [--out <file>]`: an Ed25519 key pair that proves who acts on a
 * protected environment. The private key goes to a file only its owner can read (default
 * `~/.millrace/keys/<name>.pem`); the public key is printed for the environment's `approvers` in millrace.json.
 */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('Signing keys that prove who acts on protected environments');
  keys
    .command('create')
    .description('Create your Ed25519 key pair; print the public key to register as an approver')
    .requiredOption('--name <name>', 'your name as approvers list it (alice, bob…)')
    .option('--out <file>', 'where to write the private key (default ~/.millrace/keys/<name>.pem)')
    .option(
      '--register <env>',
      "also add the public key to that environment's approvers in the project's millrace.json",
    )
    .option('--project <dir>', 'project folder (with --register)', '.')
    .option('--json', 'print JSON')
    .action(
      commandAction(
        async (o: CreateOptions) => {
          if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/.test(o.name)) {
            throw new ConfigError({
              code: 'cli/invalid-option',
              message: `--name ${o.name}: use letters, digits, ".", "_", "@" or "-"`,
            });
          }
          const file = path.resolve(o.out ?? path.join(homedir(), '.millrace', 'keys', `${o.name}.pem`));
          const pair = createSigningKeyPair();
          await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
          // Written whole under a temporary name, then renamed over a placeholder that claimed the name exclusively:
          // an existing key is never replaced, and a crash never leaves half a key.
          const temp = `${file}.${process.pid}.tmp`;
          await writeFile(temp, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
          try {
            await writeFile(file, '', { mode: 0o600, flag: 'wx' });
          } catch (err) {
            await rm(temp, { force: true });
            throw new ConfigError({
              code: 'cli/file-exists',
              message: `${file} exists: not overwriting a key`,
              hint: 'choose another --out, or remove the old key first',
              cause: err,
            });
          }
          await rename(temp, file);
          const registered =
            o.register === undefined
              ? undefined
              : await registerApprover(path.resolve(o.project), o.register, o.name, pair.publicKey);
          if (o.json === true) {
            printJson({
              name: o.name,
              privateKeyFile: file,
              publicKey: pair.publicKey,
              ...(o.register === undefined ? {} : { registeredIn: o.register }),
            });
            return ExitCode.Ok;
          }
          const snippet = JSON.stringify({ [o.name]: pair.publicKey });
          process.stdout.write(
            `private key: ${file} (keep it to yourself)\npublic key:  ${pair.publicKey}\n` +
              (registered === undefined
                ? `register it under "approvers" of each protected environment in millrace.json:\n  ${snippet}\n`
                : `registered ${o.name} as an approver of ${o.register ?? ''} in ${registered}\n`) +
              `act with: millrace deploy … --key ${file}   (or export MILLRACE_SIGNING_KEY=${file})\n`,
          );
          return ExitCode.Ok;
        },
        (o: CreateOptions) => o.json === true,
      ),
    );
}

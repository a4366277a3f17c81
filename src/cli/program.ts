/**
 * The `millrace` program: every command registered on one commander program. Command modules load the
 * library lazily inside their actions so `--help` starts fast; `main.ts` answers `--version` without it.
 */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerDescribe } from './commands/describe.js';
import { registerValidate } from './commands/validate.js';
import { registerEval } from './commands/eval.js';
import { registerRun } from './commands/run.js';
import { registerRuns } from './commands/runs.js';
import { registerEnv } from './commands/env.js';
import { registerSecrets } from './commands/secrets.js';
import { registerBuild } from './commands/build.js';
import { registerTest } from './commands/test.js';
import { registerDeploy } from './commands/deploy.js';
import { registerServer } from './commands/server.js';
import { registerTokens } from './commands/tokens.js';
import { registerTriggers } from './commands/triggers.js';
import { registerMlRuns } from './commands/ml-runs.js';
import { registerModels } from './commands/models.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

/** Builds the program; exported for tests. */
export function createProgram(): Command {
  const program = new Command('millrace')
    .description('Run, test, build and deploy Azure Data Factory pipelines anywhere.')
    .version(pkg.version, '-V, --version')
    // Program options only before the subcommand, so `millrace build --version <label>` reaches build.
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride((err) => {
      // Commander usage errors (unknown option, missing argument) are bad input: exit 2.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerEval(program);
  registerRun(program);
  registerRuns(program);
  registerEnv(program);
  registerSecrets(program);
  registerServer(program);
  registerMlRuns(program);
  registerModels(program);
  registerTokens(program);
  registerTriggers(program);
  registerValidate(program);
  registerDescribe(program);
  registerBuild(program);
  registerTest(program);
  registerDeploy(program);
  return program;
}

/** Parses argv and runs the command. */
export async function runCli(argv: readonly string[]): Promise<void> {
  await createProgram().parseAsync([...argv]);
}

#!/usr/bin/env node
/**
 * The `millrace` command line. Thin: parses input, calls the library (src/index.ts), renders output.
 * Command modules load the library lazily inside their actions so `millrace --version` and `--help` start fast.
 */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerDescribe } from './commands/describe.js';
import { registerValidate } from './commands/validate.js';
import { registerEval } from './commands/eval.js';
import { registerRun } from './commands/run.js';
import { registerRuns } from './commands/runs.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

/** Builds the program; exported for tests. */
export function createProgram(): Command {
  const program = new Command('millrace')
    .description('Run, test, build and deploy Azure Data Factory pipelines anywhere.')
    .version(pkg.version, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride((err) => {
      // Commander usage errors (unknown option, missing argument) are bad input: exit 2.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerEval(program);
  registerRun(program);
  registerRuns(program);
  registerValidate(program);
  registerDescribe(program);
  return program;
}

const program = createProgram();
await program.parseAsync(process.argv);

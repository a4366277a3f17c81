import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { ExitCode } from '../output.js';

interface TestCommandOptions {
  readonly project: string;
  readonly junit?: string;
}

/** The Vitest entry to run: the project's own install first, else the one Millrace depends on. */
export function findVitest(projectRoot: string): string {
  for (const from of [path.join(projectRoot, 'package.json'), import.meta.url]) {
    try {
      const pkgJson = createRequire(from).resolve('vitest/package.json');
      const bin = path.join(path.dirname(pkgJson), 'vitest.mjs');
      if (existsSync(bin)) return bin;
    } catch {
      // not installed there; try the next place
    }
  }
  throw new ConfigError({
    code: 'cli/vitest-not-found',
    message: 'millrace test needs Vitest, and it is not installed',
    hint: 'npm install --save-dev vitest',
  });
}

const CONFIG_NAMES = ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.js', 'vitest.config.mjs'];

/** The project's own Vitest config when it has one, else Millrace's (only `tests/`). */
export function projectVitestConfig(root: string): string {
  const own = CONFIG_NAMES.map((n) => path.join(root, n)).find((f) => existsSync(f));
  return own ?? fileURLToPath(new URL('../project-vitest-config.js', import.meta.url));
}

/**
 * Registers `millrace test`: runs the project's pipeline tests (`tests/**\/*.test.ts|js`) with Vitest,
 * optionally writing a JUnit report. The exit code is Vitest's (0 all passed, 1 failures).
 */
export function registerTest(program: Command): void {
  program
    .command('test')
    .description("Run the project's pipeline tests (tests/**/*.test.ts|js) with Vitest")
    .option('--project <dir>', 'project folder', '.')
    .option('--junit <file>', 'also write a JUnit XML report to this file')
    .action(
      commandAction(async (opts: TestCommandOptions) => {
        const root = path.resolve(opts.project);
        if (!existsSync(path.join(root, 'tests')))
          throw new ConfigError({
            code: 'cli/no-tests',
            message: `${root} has no tests/ folder`,
            hint: 'put pipeline tests in tests/*.test.ts (see docs/build-and-test.md)',
          });
        const args = [findVitest(root), 'run', '--root', root, '--config', projectVitestConfig(root)];
        if (opts.junit)
          args.push(
            '--reporter=default',
            '--reporter=junit',
            `--outputFile.junit=${path.resolve(opts.junit)}`,
          );
        const code = await new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
          child.on('error', reject);
          child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
        });
        return code === 0 ? ExitCode.Ok : ExitCode.Findings;
      }),
    );
}

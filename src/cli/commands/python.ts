import type { Command } from 'commander';
import { commandAction } from '../command-action.js';
import { ExitCode, printJson } from '../output.js';

interface PythonOptions {
  readonly json?: boolean;
}

interface PruneOptions extends PythonOptions {
  readonly unusedDays: string;
  readonly all?: boolean;
}

/**
 * Registers `millrace python envs|prune`: the cached Python environments notebooks run in (built from activity
 * libraries, the project's requirements and `%pip install` cells; shared by every project of the user).
 */
export function registerPython(program: Command): void {
  const python = program.command('python').description('Cached Python environments of notebooks');
  const isJson = (o: PythonOptions): boolean => o.json === true;
  python
    .command('envs')
    .description('List the cached environments, most recently used first')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder (environments are shared by every project of the user)', '.')
    .action(
      commandAction(async (o: PythonOptions) => {
        const lib = await import('../../index.js');
        const envs = lib.listPythonEnvironments();
        if (o.json) printJson(envs);
        else if (envs.length === 0) process.stdout.write('no cached Python environments\n');
        else
          for (const e of envs) {
            const state = e.complete ? `last used ${e.lastUsedAt}` : 'incomplete build';
            process.stdout.write(
              `${e.key}  ${state}  ${e.requirements.join(' ') || '-'}\n  ${e.interpreter}\n`,
            );
          }
        return ExitCode.Ok;
      }, isJson),
    );
  python
    .command('prune')
    .description('Remove interrupted builds and environments not used for a while')
    .option('--unused-days <n>', 'remove environments unused for this many days', '30')
    .option('--all', 'remove every environment not being built')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder (environments are shared by every project of the user)', '.')
    .action(
      commandAction(async (o: PruneOptions) => {
        const days = o.all ? 0 : Number(o.unusedDays);
        if (!Number.isFinite(days) || days < 0) {
          process.stderr.write(
            `python/invalid-option: --unused-days must be a number of days, got "${o.unusedDays}"\n`,
          );
          return ExitCode.BadInput;
        }
        const lib = await import('../../index.js');
        const removed = lib.prunePythonEnvironments(days);
        if (o.json) printJson({ removed });
        else
          process.stdout.write(
            `removed ${removed.length} environment(s)${removed.length ? `: ${removed.join(', ')}` : ''}\n`,
          );
        return ExitCode.Ok;
      }, isJson),
    );
}

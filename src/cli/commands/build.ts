import type { Command } from 'commander';
import { commandAction } from '../command-action.js';
import { colors, ExitCode, formatDiagnosticLine, printJson } from '../output.js';

interface BuildCommandOptions {
  readonly project: string;
  readonly out?: string;
  readonly version?: string;
  readonly json?: boolean;
}

/**
 * Registers `millrace build`: validates the project (refusing on errors, exit 1, findings printed), then
 * writes the deterministic artifact (bundle.json + ARMTemplateForFactory.json + ARMTemplateParametersForFactory.json).
 */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description(
      'Validate, then write a deterministic, versioned deployable artifact (bundle + ADF ARM templates)',
    )
    .option('--project <dir>', 'project folder (millrace.json) or bare factory folder', '.')
    .option('--out <dir>', 'output folder, replaced as a whole (default: <project>/dist)')
    .option('--version <label>', 'version recorded in the bundle (default: the git commit)')
    .option('--json', 'print the build result as JSON')
    .action(
      commandAction(
        async (opts: BuildCommandOptions) => {
          const lib = await import('../../index.js');
          const result = await lib.buildProject({
            projectDir: opts.project,
            ...(opts.out === undefined ? {} : { outDir: opts.out }),
            ...(opts.version === undefined ? {} : { version: opts.version }),
            ...(process.env['SOURCE_DATE_EPOCH']
              ? { sourceDateEpoch: process.env['SOURCE_DATE_EPOCH'] }
              : {}),
          });
          const c = colors();
          if (opts.json) {
            printJson(result);
            return result.built ? ExitCode.Ok : ExitCode.Findings;
          }
          const findings = [...result.report.diagnostics, ...(result.built ? result.diagnostics : [])];
          for (const d of findings)
            process.stderr.write(`${formatDiagnosticLine(d, colors(process.stderr))}\n`);
          if (!result.built) {
            process.stderr.write(
              `${c.red('✖')} build refused: ${result.report.errorCount} validation error(s); nothing written\n`,
            );
            return ExitCode.Findings;
          }
          const dirty = result.version.dirty ? ' (uncommitted changes)' : '';
          process.stdout.write(
            `${c.green('✔')} built ${result.outDir}\n` +
              `  version      ${result.version.label}${dirty}\n` +
              `  content hash ${result.contentHash}\n` +
              `  ${result.resourceCount} resources, ${result.notebookCount} notebooks, ${result.armParameterCount} ARM parameters\n` +
              result.files.map((f) => `  ${f}\n`).join(''),
          );
          return ExitCode.Ok;
        },
        (opts: BuildCommandOptions) => opts.json === true,
      ),
    );
}

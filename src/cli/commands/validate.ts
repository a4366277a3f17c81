import type { Command } from 'commander';
import type { Diagnostic } from '../../errors/index.js';
import { ConfigError, formatJsonPath } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { colors, ExitCode } from '../output.js';
import { writeReport } from '../write-report.js';

/** Options of `millrace validate`. */
interface ValidateOptions {
  readonly project: string;
  readonly json?: boolean;
  readonly format: string;
  readonly output?: string;
  readonly strict?: boolean;
  readonly env?: string;
}

const FORMATS = ['text', 'json', 'junit'];

/** Human output: findings grouped by file, then a summary line. */
function renderText(files: number, diagnostics: readonly Diagnostic[]): string {
  const c = colors();
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const key = d.location.file ?? '(factory)';
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const lines: string[] = [];
  for (const [file, list] of groups) {
    lines.push(c.bold(c.underline(file)));
    for (const d of list) {
      const pos = d.location.line !== undefined ? `${d.location.line}:${d.location.column ?? 1}` : '';
      const sev =
        d.severity === 'error'
          ? c.red('error')
          : d.severity === 'warning'
            ? c.yellow('warning')
            : c.blue('info');
      lines.push(`  ${c.dim(pos.padEnd(8))} ${sev}  ${d.message}  ${c.dim(d.code)}`);
      const path = formatJsonPath(d.location.path ?? []);
      if (path) lines.push(`  ${' '.repeat(8)} ${c.dim(path)}`);
      if (d.hint) lines.push(`  ${' '.repeat(8)} ${c.dim(`hint: ${d.hint}`)}`);
    }
    lines.push('');
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(
    errors + warnings === 0
      ? c.green(`✔ ${plural(files, 'file')} checked, no problems`)
      : `${errors > 0 ? c.red('✖') : c.yellow('!')} ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Registers `millrace validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'Check a factory the way ADF would, and more: schemas, references, dependencies, variables, expressions, limits',
    )
    .option(
      '--project <dir>',
      'project folder (millrace.json) or bare factory folder (any ADF resource folder: pipeline/, dataset/, …)',
      '.',
    )
    .option('--json', 'print the findings as JSON (same as --format json)')
    .option('--format <format>', `report format: ${FORMATS.join(', ')}`, 'text')
    .option('--output <file>', 'write the report to this file instead of stdout (for --format junit)')
    .option('--strict', 'warnings fail validation too (exit 1)')
    .option(
      '--env <name>',
      'validate with this environment applied; warn about activities that cannot run there',
    )
    .action(
      commandAction(
        async (opts: ValidateOptions) => {
          const format = opts.json ? 'json' : opts.format;
          if (!FORMATS.includes(format))
            throw new ConfigError({
              code: 'cli/invalid-option',
              message: `unknown --format "${format}" (known: ${FORMATS.join(', ')})`,
            });
          const lib = await import('../../index.js');
          const loaded = await lib.loadProject(opts.project);
          const report =
            opts.env === undefined
              ? lib.validateProject(loaded)
              : await lib.validateProjectInEnvironment(loaded, opts.env);
          const failed = report.errorCount > 0 || (opts.strict === true && report.warningCount > 0);
          let text: string;
          if (format === 'json')
            text = `${JSON.stringify({ ok: !failed, files: report.files.length, errorCount: report.errorCount, warningCount: report.warningCount, diagnostics: report.diagnostics }, null, 2)}\n`;
          else if (format === 'junit')
            text = lib.formatJUnitReport(report.files, report.diagnostics, { strict: opts.strict === true });
          else text = renderText(report.files.length, report.diagnostics);
          if (opts.output) {
            await writeReport(opts.output, text);
            if (format !== 'text') process.stdout.write(renderText(report.files.length, report.diagnostics));
          } else process.stdout.write(text);
          return failed ? ExitCode.Findings : ExitCode.Ok;
        },
        (opts: ValidateOptions) => opts.json === true || opts.format === 'json',
      ),
    );
}

import type { Command } from 'commander';
import { commandAction } from '../command-action.js';
import { colors, ExitCode, printJson } from '../output.js';

/** Options of `millrace describe`. */
interface DescribeOptions {
  readonly project: string;
  readonly json?: boolean;
}

/** Registers `millrace describe`: what a factory holds. */
export function registerDescribe(program: Command): void {
  program
    .command('describe')
    .description('List the pipelines, datasets, linked services and triggers of a factory')
    .option(
      '--project <dir>',
      'project folder (millrace.json) or bare factory folder (any ADF resource folder: pipeline/, dataset/, …)',
      '.',
    )
    .option('--json', 'print JSON')
    .action(
      commandAction(
        async (opts: DescribeOptions) => {
          const lib = await import('../../index.js');
          const loaded = await lib.loadProject(opts.project);
          const d = lib.describeFactory(loaded.factory, loaded.diagnostics);
          // A broken file hides a resource: describe lists it and fails, so no one trusts a partial listing.
          const exit = d.broken.length > 0 ? ExitCode.Findings : ExitCode.Ok;
          if (opts.json) {
            printJson(d);
            return exit;
          }
          const c = colors();
          const out: string[] = [];
          const section = (title: string, n: number): void => {
            out.push(c.bold(`${title} (${n})`));
          };
          section('Pipelines', d.pipelines.length);
          for (const p of d.pipelines) {
            const params = p.parameters.map((x) => `${x.name}: ${x.type}${x.required ? '' : '?'}`).join(', ');
            out.push(
              `  ${p.name}  ${c.dim(`${p.activities} activit${p.activities === 1 ? 'y' : 'ies'}`)}${params ? `  ${c.dim(`(${params})`)}` : ''}`,
            );
          }
          section('Datasets', d.datasets.length);
          for (const x of d.datasets) out.push(`  ${x.name}  ${c.dim(`${x.type} → ${x.linkedService}`)}`);
          section('Linked services', d.linkedServices.length);
          for (const x of d.linkedServices) out.push(`  ${x.name}  ${c.dim(x.type)}`);
          section('Triggers', d.triggers.length);
          for (const x of d.triggers)
            out.push(`  ${x.name}  ${c.dim(`${x.type}, ${x.runtimeState} → ${x.pipelines.join(', ')}`)}`);
          if (d.broken.length > 0) {
            section('Broken files', d.broken.length);
            for (const b of d.broken)
              out.push(
                `  ${c.red(b.file)}${b.line === undefined ? '' : `:${b.line}:${b.column ?? 1}`}  ${b.message}  ${c.dim(b.code)}`,
              );
          }
          process.stdout.write(`${out.join('\n')}\n`);
          return exit;
        },
        (opts: DescribeOptions) => opts.json === true,
      ),
    );
}

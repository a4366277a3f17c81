import type { Command } from 'commander';
import type { MlRun } from '../../index.js';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP } from '../db-option.js';
import type { DbOption } from '../db-option.js';
import { ExitCode, printJson } from '../output.js';

interface Options extends DbOption {
  readonly project: string;
  readonly json?: boolean;
}

interface ListOptions extends Options {
  readonly experiment?: string[];
  readonly filter?: string;
  readonly orderBy?: string[];
  readonly max: string;
}

/** Opens the project's ML stores (SQLite loads here). */
export async function openModelsOf(project: string, db?: string) {
  const lib = await import('../../index.js');
  return lib.openModels({ projectDir: project, ...(db === undefined ? {} : { db }) });
}

const collect = (v: string, all: string[] = []) => [...all, v];
const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());
const isJson = (...args: unknown[]): boolean =>
  (args.find((a) => typeof a === 'object' && a !== null && 'project' in a) as Options | undefined)?.json ===
  true;

/** One line of an ML run: id, status, name, its metrics. */
export function formatMlRun(r: MlRun): string {
  const metrics = r.data.metrics.map((m) => `${m.key}=${m.value}`).join(' ');
  return `${r.info.run_id}  ${iso(r.info.start_time)}  ${r.info.status.padEnd(8)}  ${r.info.run_name}  ${metrics}\n`;
}

/** Registers `millrace experiments list` and `millrace ml-runs list|show|compare` (MLflow tracking of the project). */
export function registerMlRuns(program: Command): void {
  program
    .command('experiments')
    .description('MLflow experiments of the project')
    .command('list')
    .description('List active experiments')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (o: Options) => {
        const models = await openModelsOf(o.project, o.db);
        try {
          const list = await models.listExperiments();
          if (o.json) printJson(list);
          else
            for (const e of list)
              process.stdout.write(`${e.experiment_id}\t${e.name}\t${e.artifact_location}\n`);
        } finally {
          await models.close();
        }
        return ExitCode.Ok;
      }, isJson),
    );
  const runs = program.command('ml-runs').description('MLflow runs the notebooks logged');
  runs
    .command('list')
    .description("List ML runs, newest first; --filter takes MLflow's syntax")
    .option('--experiment <name>', 'experiment name or id (repeatable)', collect)
    .option('--filter <expr>', 'e.g. "metrics.rmse < 1 and params.alpha = \'0.5\'"')
    .option('--order-by <key>', 'e.g. "metrics.rmse DESC" (repeatable)', collect)
    .option('--max <n>', 'most runs to show', '100')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (o: ListOptions) => {
        const models = await openModelsOf(o.project, o.db);
        try {
          const list = await models.searchMlRuns({
            ...(o.experiment ? { experiments: o.experiment } : {}),
            ...(o.filter ? { filter: o.filter } : {}),
            ...(o.orderBy ? { orderBy: o.orderBy } : {}),
            maxResults: Math.max(1, Number(o.max) || 100),
          });
          if (o.json) printJson(list);
          else for (const r of list) process.stdout.write(formatMlRun(r));
        } finally {
          await models.close();
        }
        return ExitCode.Ok;
      }, isJson),
    );
  runs
    .command('show')
    .description('Show one ML run: params, metrics, tags (lineage included)')
    .argument('<runId>')
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (runId: string, o: Options) => {
        const models = await openModelsOf(o.project, o.db);
        try {
          const r = await models.getMlRun(runId);
          if (o.json) printJson(r);
          else {
            process.stdout.write(formatMlRun(r));
            for (const [title, list] of [
              ['params', r.data.params],
              ['tags', r.data.tags],
            ] as const)
              for (const p of list) process.stdout.write(`  ${title}.${p.key} = ${p.value}\n`);
          }
        } finally {
          await models.close();
        }
        return ExitCode.Ok;
      }, isJson),
    );
  runs
    .command('compare')
    .description('Params and metrics of several ML runs side by side')
    .argument('<runIds...>')
    .option('--json', 'print JSON: {keys, runs: [{runId, params, metrics}]}')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP)
    .action(
      commandAction(async (ids: string[], o: Options) => {
        const models = await openModelsOf(o.project, o.db);
        try {
          const found = await Promise.all(ids.map((id) => models.getMlRun(id)));
          const rows = found.map((r) => ({
            runId: r.info.run_id,
            params: Object.fromEntries(r.data.params.map((p) => [p.key, p.value])),
            metrics: Object.fromEntries(r.data.metrics.map((m) => [m.key, m.value])),
          }));
          const keys = [
            ...new Set(
              rows.flatMap((r) => [
                ...Object.keys(r.params).map((k) => `params.${k}`),
                ...Object.keys(r.metrics).map((k) => `metrics.${k}`),
              ]),
            ),
          ].sort();
          if (o.json) printJson({ keys, runs: rows });
          else {
            process.stdout.write(`key\t${rows.map((r) => r.runId.slice(0, 8)).join('\t')}\n`);
            for (const k of keys) {
              const [kind, name = ''] = k.split(/\.(.*)/s);
              const cell = (r: (typeof rows)[number]) =>
                String((kind === 'params' ? r.params : r.metrics)[name] ?? '-');
              process.stdout.write(`${k}\t${rows.map(cell).join('\t')}\n`);
            }
          }
        } finally {
          await models.close();
        }
        return ExitCode.Ok;
      }, isJson),
    );
}

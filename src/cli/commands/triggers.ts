import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP, dbOf } from '../db-option.js';
import type { DbOption } from '../db-option.js';
import { colors, ExitCode, printJson } from '../output.js';

interface ProjectOptions extends DbOption {
  readonly project: string;
  readonly json?: boolean;
  readonly env?: string;
}

async function open(o: ProjectOptions, extra: { pollMs?: number; log?: boolean } = {}) {
  const lib = await import('../../index.js');
  const c = colors();
  return lib.openTriggers({
    projectDir: o.project,
    ...dbOf(o),
    ...(o.env ? { environment: o.env } : {}),
    ...(extra.pollMs === undefined ? {} : { pollMs: extra.pollMs }),
    ...(extra.log
      ? {
          onEvent: (e) => {
            const at = new Date(e.at).toISOString();
            if (e.kind === 'fired') {
              process.stdout.write(
                `${at}  fired     ${e.run.trigger}  ${e.run.key}  run ${e.run.runId ?? ''}\n`,
              );
            } else if (e.kind === 'finished') {
              process.stdout.write(
                `${at}  ${e.run.status.padEnd(9)} ${e.run.trigger}  ${e.run.key}${e.run.message ? c.dim(`  ${e.run.message}`) : ''}\n`,
              );
            } else if (e.kind === 'error') {
              const msg = e.error instanceof Error ? e.error.message : String(e.error);
              process.stderr.write(`${at}  ${c.red('error')}     ${e.trigger ?? ''}  ${msg}\n`);
            }
          },
        }
      : {}),
  });
}

function instant(name: string, text: string): number {
  const t = Date.parse(text);
  if (Number.isNaN(t)) {
    throw new ConfigError({
      code: 'cli/invalid-option',
      message: `${name}: "${text}" is not an ISO 8601 date-time`,
    });
  }
  return t;
}

/** Registers `millrace triggers list|start|stop|runs|serve|backfill|rerun`. */
export function registerTriggers(program: Command): void {
  const triggers = program
    .command('triggers')
    .description('List, start and stop triggers; run the trigger scheduler');
  const isJson = (...args: unknown[]): boolean =>
    (args.find((a) => typeof a === 'object' && a !== null && 'project' in a) as ProjectOptions | undefined)
      ?.json === true;
  const common = (cmd: Command): Command =>
    cmd
      .option('--json', 'print JSON')
      .option('--env <name>', 'environment')
      .option('--project <dir>', 'project folder', '.')
      .option(DB_FLAGS, DB_HELP);

  common(triggers.command('list').description('List triggers with their runtime state')).action(
    commandAction(async (opts: ProjectOptions) => {
      const t = await open(opts);
      try {
        const list = await t.list();
        if (opts.json) printJson(list);
        else {
          const c = colors();
          for (const x of list) {
            const state = x.runtimeState === 'Started' ? c.green(x.runtimeState) : c.dim(x.runtimeState);
            process.stdout.write(
              `${x.name}  ${x.type}  ${state}${c.dim(` (${x.stateSource})`)}  → ${x.pipelines.join(', ')}${x.nextRun ? c.dim(`  next ${x.nextRun}`) : ''}\n`,
            );
          }
        }
        return ExitCode.Ok;
      } finally {
        await t.close();
      }
    }, isJson),
  );

  for (const state of ['Started', 'Stopped'] as const) {
    const verb = state === 'Started' ? 'start' : 'stop';
    common(
      triggers
        .command(`${verb} <name>`)
        .description(`${verb === 'start' ? 'Start' : 'Stop'} a trigger (kept in .millrace/state.db)`),
    ).action(
      commandAction(async (name: string, opts: ProjectOptions) => {
        const t = await open(opts);
        try {
          await t.setState(name, state);
          if (opts.json) printJson({ trigger: name, runtimeState: state });
          else process.stdout.write(`${name}: ${state}\n`);
          return ExitCode.Ok;
        } finally {
          await t.close();
        }
      }, isJson),
    );
  }

  common(
    triggers
      .command('runs [name]')
      .description('List trigger runs (windows, occurrences, storage events), newest first'),
  )
    .option('--limit <n>', 'rows', '50')
    .action(
      commandAction(async (name: string | undefined, opts: ProjectOptions & { limit: string }) => {
        const t = await open(opts);
        try {
          const runs = await t.runs({ ...(name ? { trigger: name } : {}), limit: Number(opts.limit) || 50 });
          if (opts.json) printJson(runs);
          else {
            const c = colors();
            for (const r of runs) {
              process.stdout.write(
                `${r.trigger}  ${r.key}  ${r.status.padEnd(9)}  attempt ${r.attempt}  ${r.runId ?? ''}${r.message ? c.dim(`  ${r.message}`) : ''}\n`,
              );
            }
          }
          return ExitCode.Ok;
        } finally {
          await t.close();
        }
      }, isJson),
    );

  common(
    triggers
      .command('serve')
      .alias('scheduler')
      .description('Run the trigger scheduler in the foreground (Ctrl-C stops it)'),
  )
    .option('--poll <ms>', 'longest sleep between passes', '1000')
    .action(
      commandAction(async (opts: ProjectOptions & { poll: string }) => {
        const t = await open(opts, { pollMs: Number(opts.poll) || 1000, log: !opts.json });
        const stop = new AbortController();
        const onSignal = (): void => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        process.stderr.write(colors().dim('scheduler running; Ctrl-C stops it\n'));
        try {
          await t.serve(stop.signal);
          return ExitCode.Ok;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          await t.close();
        }
      }, isJson),
    );

  common(
    triggers
      .command('backfill <name>')
      .description('Queue (or rerun) the tumbling windows starting in [--from, --to)'),
  )
    .requiredOption('--from <time>', 'ISO 8601 start')
    .requiredOption('--to <time>', 'ISO 8601 end')
    .action(
      commandAction(async (name: string, opts: ProjectOptions & { from: string; to: string }) => {
        const t = await open(opts);
        try {
          const n = await t.backfill(name, instant('--from', opts.from), instant('--to', opts.to));
          if (opts.json) printJson({ trigger: name, windows: n });
          else process.stdout.write(`${name}: ${n} windows queued; \`millrace triggers serve\` runs them\n`);
          return ExitCode.Ok;
        } finally {
          await t.close();
        }
      }, isJson),
    );
}

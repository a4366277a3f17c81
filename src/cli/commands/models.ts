import type { Command } from 'commander';
import type { MlPromotion } from '../../index.js';
import { commandAction } from '../command-action.js';
import { DB_FLAGS, DB_HELP } from '../db-option.js';
import type { DbOption } from '../db-option.js';
import { ExitCode, printJson } from '../output.js';
import { openModelsOf } from './ml-runs.js';
import { registerModelServing } from './models-serve.js';

interface Options extends DbOption {
  readonly project: string;
  readonly json?: boolean;
  readonly env?: string;
}

interface PromoteOptions extends Options {
  readonly version: string;
  readonly to: string;
  readonly from?: string;
  readonly alias?: string;
  readonly actor?: string;
  readonly key?: string;
}

const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());
const isJson = (...args: unknown[]): boolean =>
  (args.find((a) => typeof a === 'object' && a !== null && 'project' in a) as Options | undefined)?.json ===
  true;

function describePromotion(p: MlPromotion): string {
  if (p.status === 'pending')
    return `promotion ${p.id} of ${p.name} v${p.sourceVersion} into ${p.targetEnv} waits for approval by another identity than ${p.requestedBy}:\n  millrace models approve ${p.id} --env ${p.targetEnv}\n`;
  return `${p.name} v${p.sourceVersion} (${p.sourceEnv}) is v${p.targetVersion ?? '?'} in ${p.targetEnv}; ${p.alias} → v${p.targetVersion ?? '?'}${p.approvedBy ? ` (approved by ${p.approvedBy})` : ''}\n`;
}

/** Adds the options every `models` command takes. */
function common(cmd: Command, withEnv = true): Command {
  if (withEnv)
    cmd.option('--env <name>', 'environment whose registry to read (default: the default registry)');
  return cmd
    .option('--json', 'print JSON')
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, DB_HELP);
}

/**
 * Registers `millrace models list|show|versions|promote|approve|history|rollback`: the registries of the
 * project's environments and promotions between them (protected environments need another identity's approval).
 */
export function registerModels(program: Command): void {
  const models = program.command('models').description('Registered models, promotion across environments');
  const run = <A extends unknown[]>(
    fn: (m: Awaited<ReturnType<typeof openModelsOf>>, ...a: A) => Promise<unknown>,
    text: (v: never) => string,
  ) =>
    commandAction(async (...args: A) => {
      const o = args.find((a) => typeof a === 'object' && a !== null && 'project' in a) as Options;
      const m = await openModelsOf(o.project, o.db);
      try {
        const value = await fn(m, ...args);
        if (o.json) printJson(value);
        else process.stdout.write(text(value as never));
      } finally {
        await m.close();
      }
      return ExitCode.Ok;
    }, isJson);

  common(models.command('list').description('List registered models and their aliases')).action(
    run(
      (m, o: Options) => m.listModels(o.env),
      (list: { name: string; aliases: { alias: string; version: string }[] }[]) =>
        list
          .map((x) => `${x.name}\t${x.aliases.map((a) => `${a.alias}=v${a.version}`).join(' ')}\n`)
          .join(''),
    ),
  );
  common(models.command('show').description('Show one registered model').argument('<name>')).action(
    run(
      (m, name: string, o: Options) => m.getModel(name, o.env),
      (x: { name: string; description: string; aliases: { alias: string; version: string }[] }) =>
        `${x.name}  ${x.description}\n${x.aliases.map((a) => `  ${a.alias} → v${a.version}\n`).join('')}`,
    ),
  );
  common(models.command('versions').description('List the versions of a model').argument('<name>')).action(
    run(
      (m, name: string, o: Options) => m.versions(name, o.env),
      (
        list: {
          version: string;
          current_stage: string;
          run_id: string;
          aliases: string[];
          creation_timestamp: number;
        }[],
      ) =>
        list
          .map(
            (v) =>
              `v${v.version}\t${iso(v.creation_timestamp)}\t${v.current_stage}\trun ${v.run_id || '-'}\t${v.aliases.join(',')}\n`,
          )
          .join(''),
    ),
  );
  common(
    models
      .command('promote')
      .description(
        'Copy a version (artifacts, metadata, lineage) into another environment and move its alias',
      )
      .argument('<name>')
      .requiredOption('--version <n>', 'version in the source registry')
      .requiredOption('--to <env>', 'target environment')
      .option('--from <env>', 'source registry (default: the default registry)')
      .option('--alias <alias>', 'alias moved in the target', 'champion')
      .option('--actor <name>', 'who acts (default MILLRACE_ACTOR, else the OS user)')
      .option('--key <file>', 'protected target: your signing key (default MILLRACE_SIGNING_KEY)'),
    false,
  ).action(
    run(
      (m, name: string, o: PromoteOptions) =>
        m.promote({
          name,
          version: o.version,
          to: o.to,
          ...(o.from ? { from: o.from } : {}),
          ...(o.alias ? { alias: o.alias } : {}),
          ...(o.actor ? { actor: o.actor } : {}),
          ...(o.key ? { signingKey: o.key } : {}),
        }),
      describePromotion,
    ),
  );
  common(
    models
      .command('approve')
      .description('Approve a pending promotion (not by its requester) and apply it')
      .argument('<promotionId>')
      .requiredOption('--env <name>', 'target environment of the promotion')
      .option('--actor <name>', 'who approves (default MILLRACE_ACTOR, else the OS user)')
      .option('--key <file>', 'protected environment: your signing key (default MILLRACE_SIGNING_KEY)'),
    false,
  ).action(
    run(
      (m, id: string, o: Options & { actor?: string; key?: string }) =>
        m.approve({
          env: o.env ?? '',
          id,
          ...(o.actor ? { actor: o.actor } : {}),
          ...(o.key ? { signingKey: o.key } : {}),
        }),
      describePromotion,
    ),
  );
  common(
    models
      .command('history')
      .description('Which version each alias pointed to when, who approved it, from which pipeline run')
      .argument('<name>'),
  ).action(
    run(
      (m, name: string, o: Options) => m.history(name, o.env),
      (h: {
        aliases: { alias: string; version?: string; at: number; actor: string; promotion?: MlPromotion }[];
      }) =>
        h.aliases
          .map(
            (e) =>
              `${iso(e.at)}  ${e.alias} → ${e.version ? `v${e.version}` : '(removed)'}  by ${e.actor}` +
              (e.promotion
                ? `  from ${e.promotion.sourceEnv} v${e.promotion.sourceVersion}, requested by ${e.promotion.requestedBy}, pipeline run ${e.promotion.pipelineRunId ?? '-'}`
                : '') +
              '\n',
          )
          .join(''),
    ),
  );
  common(
    models
      .command('rollback')
      .description('Move an alias back to the version it pointed to before')
      .argument('<name>')
      .requiredOption('--env <name>', 'environment')
      .option('--alias <alias>', 'alias', 'champion')
      .option('--actor <name>', 'who acts')
      .option('--key <file>', 'protected environment: your signing key (default MILLRACE_SIGNING_KEY)'),
    false,
  ).action(
    run(
      (m, name: string, o: Options & { alias?: string; actor?: string; key?: string }) =>
        m.rollback({
          name,
          env: o.env ?? '',
          ...(o.alias ? { alias: o.alias } : {}),
          ...(o.actor ? { actor: o.actor } : {}),
          ...(o.key ? { signingKey: o.key } : {}),
        }),
      (r: { from: string; to: string }) => `alias moved back from v${r.from} to v${r.to}\n`,
    ),
  );
  registerModelServing(models);
}

import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import type { DeployHistory, DeployOutcome } from '../../index.js';
import { commandAction } from '../command-action.js';
import { ExitCode, printJson } from '../output.js';
import { formatDeployOutcome, formatHistory } from './deploy-output.js';

interface TargetOptions {
  readonly project: string;
  readonly env: string;
  readonly actor?: string;
  readonly json?: boolean;
  readonly wait?: string;
}

interface DeployCommandOptions extends TargetOptions {
  readonly whatIf?: boolean;
  readonly yes?: boolean;
  readonly rollback?: boolean;
  readonly approve?: boolean;
}

function target(o: TargetOptions) {
  if (!o.env)
    throw new ConfigError({ code: 'cli/missing-option', message: 'name the environment with --env <name>' });
  return {
    projectDir: o.project,
    environment: o.env,
    ...(o.actor === undefined ? {} : { actor: o.actor }),
    ...(o.wait === undefined ? {} : { lockWaitMs: Number(o.wait) * 1000 }),
  };
}

/** Exit code of a deploy: 0 planned / applied / nothing to do; 1 waits for an approval or `--yes`. */
function exitOf(o: DeployOutcome): ExitCode {
  return o.status === 'pending-approval' || o.status === 'approved' ? ExitCode.Findings : ExitCode.Ok;
}

const common = (cmd: Command): Command =>
  cmd
    .option('--env <name>', 'environment (required)')
    .option('--actor <name>', 'who acts (default: MILLRACE_ACTOR, else the OS user)')
    .option('--project <dir>', 'project folder', '.')
    .option('--json', 'print JSON');

/**
 * Registers `millrace deploy <bundle> --env <e> [--what-if] [--yes] [--rollback] [--approve]`,
 * `millrace deploy approve <pendingId> --env <e>` and `millrace deploy history --env <e>`.
 */
export function registerDeploy(program: Command): void {
  const deploy = common(
    program
      .command('deploy')
      .description('Deploy a built bundle to an environment (diff first; approvals for protected ones)')
      .argument('[bundle]', 'the folder `millrace build` wrote, or its bundle.json'),
  )
    .option('--what-if', 'print the diff and change nothing')
    .option('--yes', 'apply an approved deployment to a protected environment')
    .option('--rollback', 'redeploy the previous bundle')
    .option('--approve', 'approve the pending deployment of this bundle (as --actor)')
    .option('--wait <seconds>', 'wait this long for another deploy to the environment', '0')
    .action(
      commandAction(
        async (bundle: string | undefined, opts: DeployCommandOptions) => {
          const lib = await import('../../index.js');
          if (opts.approve) {
            const p = await lib.approveDeployment({ ...target(opts), ...(bundle ? { bundle } : {}) });
            if (opts.json) printJson(p);
            else
              process.stdout.write(
                `approved deployment ${p.id} to ${opts.env} (requested by ${p.requestedBy})\n`,
              );
            return ExitCode.Ok;
          }
          const outcome = await lib.deployProject({
            ...target(opts),
            ...(bundle ? { bundle } : {}),
            rollback: opts.rollback === true,
            whatIf: opts.whatIf === true,
            yes: opts.yes === true,
          });
          if (opts.json) printJson(outcome);
          else process.stdout.write(formatDeployOutcome(outcome));
          return exitOf(outcome);
        },
        (_bundle: string | undefined, opts: DeployCommandOptions) => opts.json === true,
      ),
    );
  // Parent and subcommands both declare --env, --actor, --project, --json (they may come before or after
  // the subcommand name); optsWithGlobals() merges them.
  const globals = (cmd: Command): TargetOptions => cmd.optsWithGlobals<TargetOptions>();
  common(
    deploy
      .command('approve')
      .description('Approve a pending deployment (another identity than its requester)'),
  )
    .argument('<pendingId>', 'the id `millrace deploy` printed')
    .action(
      commandAction(
        async (pendingId: string, _o: unknown, cmd: Command) => {
          const opts = globals(cmd);
          const lib = await import('../../index.js');
          const p = await lib.approveDeployment({ ...target(opts), pendingId });
          if (opts.json) printJson(p);
          else
            process.stdout.write(
              `approved deployment ${p.id} (bundle ${p.version}) to ${opts.env}; apply it with: millrace deploy <bundle> --env ${opts.env} --yes\n`,
            );
          return ExitCode.Ok;
        },
        (_id: string, _o: unknown, cmd: Command) => globals(cmd).json === true,
      ),
    );
  common(
    deploy.command('history').description('List the deployments and pending approvals of an environment'),
  ).action(
    commandAction(
      async (_o: unknown, cmd: Command) => {
        const opts = globals(cmd);
        const lib = await import('../../index.js');
        const history: DeployHistory = await lib.deploymentHistory(target(opts));
        if (opts.json) printJson(history);
        else process.stdout.write(formatHistory(history));
        return ExitCode.Ok;
      },
      (_o: unknown, cmd: Command) => globals(cmd).json === true,
    ),
  );
}

import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.js';
import type { DeployHistory, DeployOutcome } from '../../index.js';
import { commandAction } from '../command-action.js';
import { ExitCode, printJson } from '../output.js';
import { formatDeployOutcome, formatHistory } from './deploy-output.js';
import { DB_FLAGS, DB_HELP, dbOf } from '../db-option.js';
import type { DbOption } from '../db-option.js';

interface TargetOptions extends DbOption {
  readonly project: string;
  readonly env: string;
  readonly actor?: string;
  readonly key?: string;
  readonly json?: boolean;
  readonly wait?: string;
  readonly target?: string;
  readonly tokenEnv?: string;
}

interface DeployCommandOptions extends TargetOptions {
  readonly whatIf?: boolean;
  readonly yes?: boolean;
  readonly rollback?: boolean;
  readonly approve?: boolean;
  readonly request?: boolean;
  readonly deleteRemoved?: boolean;
}

function target(o: TargetOptions) {
  if (!o.env)
    throw new ConfigError({ code: 'cli/missing-option', message: 'name the environment with --env <name>' });
  return {
    projectDir: o.project,
    environment: o.env,
    ...dbOf(o),
    ...(o.actor === undefined ? {} : { actor: o.actor }),
    ...(o.key === undefined ? {} : { signingKey: o.key }),
    ...(o.wait === undefined ? {} : { lockWaitMs: Number(o.wait) * 1000 }),
  };
}

/** The server `--target <url>` names, with the token read from the `--token-env` variable (never argv). */
function remote(o: TargetOptions) {
  if (o.target === undefined) return undefined;
  const variable = o.tokenEnv ?? 'MILLRACE_TOKEN';
  const token = process.env[variable];
  if (!token)
    throw new ConfigError({
      code: 'cli/missing-token',
      message: `--target ${o.target} needs an API token in the environment variable ${variable}`,
      hint: 'create one on the server with `millrace tokens create --name ci --role deployer`',
    });
  return { url: o.target, token, ...(o.env ? { environment: o.env } : {}) };
}

/**
 * Exit code of a deploy: 0 planned / applied / nothing to do; 1 waits for an approval or `--yes`, except
 * with `--request`, where a recorded (or approved) request is the success.
 */
function exitOf(o: DeployOutcome, request: boolean): ExitCode {
  const waiting = o.status === 'pending-approval' || o.status === 'approved';
  return waiting && !request ? ExitCode.Findings : ExitCode.Ok;
}

/** `--request` only records an approval request: it does not mix with the flags that plan or apply. */
function checkRequest(o: DeployCommandOptions): void {
  const clash = (['whatIf', 'yes', 'rollback', 'approve'] as const).find((k) => o[k] === true);
  if (o.request && clash)
    throw new ConfigError({
      code: 'cli/invalid-option',
      message: `--request cannot be combined with --${clash === 'whatIf' ? 'what-if' : clash}`,
    });
}

const common = (cmd: Command): Command =>
  cmd
    .option('--env <name>', "environment (required; with --target, default the server's --env)")
    .option('--actor <name>', 'who acts (default: MILLRACE_ACTOR, else the OS user)')
    .option(
      '--key <file>',
      'protected environment: your Ed25519 private key, which proves who acts (default: MILLRACE_SIGNING_KEY)',
    )
    .option('--project <dir>', 'project folder', '.')
    .option(DB_FLAGS, `${DB_HELP}; where the environment's servers keep its trigger states`)
    .option('--json', 'print JSON')
    .option('--target <url>', 'deploy through a Millrace server (https://host:port) instead of locally')
    // No commander default: a subcommand's default would hide the parent's value in optsWithGlobals().
    .option(
      '--token-env <name>',
      "environment variable holding the server's API token (default MILLRACE_TOKEN)",
    );

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
    .option(
      '--request',
      'protected environment: record the approval request and exit 0; never applies (exit 2 if not protected)',
    )
    .option('--wait <seconds>', 'wait this long for another deploy to the environment', '0')
    .option('--delete-removed', 'cloud target: delete factory resources the bundle no longer has')
    .action(
      commandAction(
        async (bundle: string | undefined, opts: DeployCommandOptions) => {
          checkRequest(opts);
          const lib = await import('../../index.js');
          const server = remote(opts);
          if (opts.approve) {
            const b = bundle ? { bundle } : {};
            const p = server
              ? await lib.approveRemoteDeployment({ ...server, ...b })
              : await lib.approveDeployment({ ...target(opts), ...b });
            if (opts.json) printJson(p);
            else
              process.stdout.write(
                `approved deployment ${p.id} to ${opts.env ?? opts.target} (requested by ${p.requestedBy})\n`,
              );
            return ExitCode.Ok;
          }
          const request = {
            ...(bundle ? { bundle } : {}),
            rollback: opts.rollback === true,
            whatIf: opts.whatIf === true,
            yes: opts.yes === true,
            ...(opts.request ? { request: true } : {}),
            ...(opts.deleteRemoved ? { deleteRemoved: true } : {}),
          };
          const outcome = server
            ? await lib.deployRemote({ ...server, ...request })
            : await lib.deployProject({ ...target(opts), ...request });
          if (opts.json) printJson(outcome);
          else process.stdout.write(formatDeployOutcome(outcome, server?.url));
          return exitOf(outcome, opts.request === true);
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
          const server = remote(opts);
          const p = server
            ? await lib.approveRemoteDeployment({ ...server, pendingId })
            : await lib.approveDeployment({ ...target(opts), pendingId });
          if (opts.json) printJson(p);
          else
            process.stdout.write(
              `approved deployment ${p.id} (bundle ${p.version}) to ${opts.env ?? opts.target}; apply it with: millrace deploy <bundle> ${opts.target ? `--target ${opts.target}` : `--env ${opts.env}`} --yes\n`,
            );
          return ExitCode.Ok;
        },
        (_id: string, _o: unknown, cmd: Command) => globals(cmd).json === true,
      ),
    );
  common(
    deploy
      .command('reject')
      .description(
        'Reject a pending deployment (or withdraw it, as its requester): it will not be applied; the history keeps who and when',
      ),
  )
    .argument('<pendingId>', 'the id `millrace deploy` printed')
    .option('--reason <text>', 'why (kept in the history)')
    .action(
      commandAction(
        async (pendingId: string, o: { reason?: string }, cmd: Command) => {
          const opts = globals(cmd);
          const lib = await import('../../index.js');
          const server = remote(opts);
          const reason = o.reason === undefined ? {} : { reason: o.reason };
          const c = server
            ? await lib.rejectRemoteDeployment({ ...server, pendingId, ...reason })
            : await lib.rejectDeployment({ ...target(opts), pendingId, ...reason });
          if (opts.json) printJson(c);
          else
            process.stdout.write(
              `${c.outcome} deployment ${c.id} (bundle ${c.version}, requested by ${c.requestedBy}) to ${opts.env ?? opts.target}\n`,
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
        const server = remote(opts);
        const history: DeployHistory = server
          ? await lib.remoteDeploymentHistory(server)
          : await lib.deploymentHistory(target(opts));
        if (opts.json) printJson(history);
        else process.stdout.write(formatHistory(history));
        return ExitCode.Ok;
      },
      (_o: unknown, cmd: Command) => globals(cmd).json === true,
    ),
  );
}

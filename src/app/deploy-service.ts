import { randomUUID } from 'node:crypto';
import {
  approveDeployment,
  parseDeployBundle,
  rejectDeployment,
  readBundleText,
  runDeploy,
} from '../cicd/index.js';
import type { DeployOutcome, DeployProjectSettings, DeployStep } from '../cicd/index.js';
import { configOf, provenActor, resolveActor, resolveEnvironment } from '../config/index.js';
import type { ActorClaim, ProjectOptions, ResolvedEnvironment } from '../config/index.js';
import type { ClosedDeployment, DeployHistory, PendingDeployment } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import type { JsonValue } from '../model/index.js';
import { deployToCloud, hasCloudTarget, previousCloudBundle } from './cloud-deploy-service.js';
import type { CloudTestHooks } from './cloud-wiring.js';
import { FsDeployTarget, openPgTriggerStore, SqliteTriggerStore } from '../store/index.js';

/** What every deploy command names: the project, the environment, who acts. */
export interface DeployTargetOptions extends ProjectOptions, ActorClaim {
  readonly environment: string;
  /** How long to wait for another deploy to the same environment (ms). Default 0: fail at once. */
  readonly lockWaitMs?: number;
}

/** Options of `deployProject`. */
export interface DeployOptions extends DeployTargetOptions {
  /** The bundle: the folder `millrace build` wrote, or its bundle.json. Not used with `rollback`. */
  readonly bundle?: string;
  /** The bundle.json text itself (a bundle received over HTTP); wins over `bundle`. */
  readonly bundleText?: string;
  readonly rollback?: boolean;
  readonly whatIf?: boolean;
  readonly yes?: boolean;
  /** Only record a protected environment's approval request; `deploy/not-protected` otherwise. */
  readonly request?: boolean;
  /** Test hook: runs after each apply step (throw to simulate an interruption). */
  readonly afterStep?: (step: DeployStep) => void | Promise<void>;
  /** Cloud target: delete the factory's resources the bundle no longer has (over `cloud.dataFactory.deleteRemoved`). */
  readonly deleteRemoved?: boolean;
  /** Cloud target test seams (credential, CA, fetch) and a hook after each applied action. */
  readonly cloudHooks?: CloudTestHooks;
  readonly afterCloudAction?: (action: string) => void | Promise<void>;
}

/** Options of `approveDeployment`: the pending id, or the bundle whose pending request to approve. */
export interface ApproveOptions extends DeployTargetOptions {
  readonly pendingId?: string;
  readonly bundle?: string;
  /** The bundle.json text itself; wins over `bundle`. */
  readonly bundleText?: string;
}

/** Options of `rejectDeployment`: the pending deployment and, optionally, why. */
export interface RejectOptions extends DeployTargetOptions {
  readonly pendingId: string;
  readonly reason?: string;
}

interface Opened {
  readonly environment: ResolvedEnvironment;
  readonly target: FsDeployTarget;
  readonly settings: DeployProjectSettings;
}

async function openTarget(options: DeployTargetOptions): Promise<Opened> {
  const { project, database } = await configOf(options);
  const environment = await resolveEnvironment(project, options.environment);
  const target = new FsDeployTarget(environment.stateDir, {
    environment: environment.name,
    ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }),
    // The trigger states live where the environment's servers read them: the shared database when there is one
    // (`--db`, MILLRACE_DB, millrace.json `database`), else the target folder's own state file.
    openTriggerStore: (file) =>
      database.kind === 'postgres'
        ? openPgTriggerStore({ url: database.url })
        : Promise.resolve(new SqliteTriggerStore(file)),
  });
  const c = project.config;
  const settings: DeployProjectSettings = {
    ...(c?.python === undefined ? {} : { python: c.python }),
    ...(c?.dbfs === undefined ? {} : { dbfs: c.dbfs as JsonValue }),
    ...(c?.['storageEvents'] === undefined ? {} : { storageEvents: c['storageEvents'] as JsonValue }),
  };
  return { environment, target, settings };
}

/** Reads and verifies a bundle: a folder (its bundle.json) or the file itself. */
async function readBundle(where: string) {
  const { file, text } = await readBundleText(where);
  return parseDeployBundle(text, file);
}

/** The bundle of a request: its text (verified), else the file or folder it names, else none. */
async function bundleOf(o: { readonly bundle?: string; readonly bundleText?: string }) {
  if (o.bundleText !== undefined) return parseDeployBundle(o.bundleText, 'bundle (request body)');
  return o.bundle === undefined ? undefined : readBundle(o.bundle);
}

/** Deploys (or plans, or rolls back) a bundle to an environment; see cicd/deploy `runDeploy`. */
export async function deployProject(options: DeployOptions): Promise<DeployOutcome> {
  const { project } = await configOf(options);
  const env = await resolveEnvironment(project, options.environment);
  if (hasCloudTarget(env)) {
    // A cloud rollback deploys the bundle applied before the current one, against the live factory.
    const previous = options.rollback ? await previousCloudBundle(env) : undefined;
    const cloudBundle = previous ? await readBundle(previous) : await bundleOf(options);
    if (!cloudBundle)
      throw new ConfigError({
        code: 'deploy/missing-bundle',
        message: 'no bundle to deploy: give the bundle folder (or its bundle.json), or --rollback',
      });
    // The same rule as a local target: on a protected environment who acts is proven by a signing key or a token.
    const { actor } =
      options.whatIf === true
        ? { actor: resolveActor(options.actor) }
        : await provenActor(
            options,
            env,
            previous !== undefined ? 'roll back' : options.request === true ? 'request' : 'deploy',
            cloudBundle.contentHash,
          );
    return deployToCloud({
      environment: env,
      bundle: cloudBundle,
      bundleArg: previous ?? options.bundle ?? 'bundle.json',
      whatIf: options.whatIf === true,
      rollback: previous !== undefined,
      yes: options.yes === true,
      request: options.request === true,
      ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }),
      ...(options.deleteRemoved === undefined ? {} : { deleteRemoved: options.deleteRemoved }),
      actor,
      projectDir: project.root,
      ...(options.cloudHooks ? { hooks: options.cloudHooks } : {}),
      ...(options.afterCloudAction ? { afterAction: options.afterCloudAction } : {}),
    });
  }
  const bundle = await bundleOf(options);
  const { environment, target, settings } = await openTarget(options);
  try {
    // A plan changes nothing: anyone may look. Requests, applies and rollbacks are protected actions.
    const { actor } =
      options.whatIf === true
        ? { actor: resolveActor(options.actor) }
        : await provenActor(
            options,
            environment,
            options.rollback === true ? 'roll back' : options.request === true ? 'request' : 'deploy',
            bundle?.contentHash ?? 'rollback',
          );
    return await runDeploy({
      target,
      environment,
      ...(bundle ? { bundle } : {}),
      rollback: options.rollback === true,
      whatIf: options.whatIf === true,
      yes: options.yes === true,
      ...(options.request === true ? { requestOnly: true } : {}),
      actor,
      now: () => new Date().toISOString(),
      newId: () => randomUUID().slice(0, 8),
      settings,
      ...(options.afterStep ? { afterStep: options.afterStep } : {}),
    });
  } finally {
    await target.close();
  }
}

/** Records an approval of a pending deployment by another identity than its requester. */
export async function approveProjectDeployment(options: ApproveOptions): Promise<PendingDeployment> {
  const bundle = await bundleOf(options);
  if (options.pendingId === undefined && !bundle)
    throw new ConfigError({
      code: 'deploy/missing-pending',
      message: 'name the pending deployment to approve',
    });
  const { environment, target } = await openTarget(options);
  try {
    const subject = options.pendingId ?? bundle!.contentHash;
    const { actor, proof } = await provenActor(options, environment, 'approve', subject);
    return await approveDeployment({
      target,
      environment: environment.name,
      selector:
        options.pendingId !== undefined
          ? { pendingId: options.pendingId }
          : { bundleHash: bundle!.contentHash },
      actor,
      ...(proof ? { proof } : {}),
      now: () => new Date().toISOString(),
    });
  } finally {
    await target.close();
  }
}

/**
 * Closes a pending deployment without applying it: withdrawn when its requester does it, rejected otherwise.
 * On a protected environment the actor is proven as for an approval (a server token, or a signing key).
 */
export async function rejectProjectDeployment(options: RejectOptions): Promise<ClosedDeployment> {
  const { environment, target } = await openTarget(options);
  try {
    const { actor } = await provenActor(options, environment, 'reject', options.pendingId);
    return await rejectDeployment({
      target,
      pendingId: options.pendingId,
      actor,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      now: () => new Date().toISOString(),
    });
  } finally {
    await target.close();
  }
}

/** The deploy history of an environment's target (applied deployments, pending approvals). */
export async function deploymentHistory(options: DeployTargetOptions): Promise<DeployHistory> {
  const { target } = await openTarget(options);
  return target.readHistory();
}

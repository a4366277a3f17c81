import type {
  DeployHistory,
  DeploymentRecord,
  DeployTarget,
  PendingDeployment,
} from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';
import type { DeployBundle } from './deploy-bundle.js';
import type { DeployDiff } from './deploy-diff.js';
import { findPending } from './deploy-history.js';
import { planDeploy } from './deploy-plan.js';
import type { DeployEnvironment, DeployPlan } from './deploy-plan.js';
import type { DeployProjectSettings } from './materialize.js';
import type { TriggerPlan } from './trigger-plan.js';

/** Steps of an apply, in order; `afterStep` runs after each (tests inject failures there). */
export const DeployStep = {
  BundleSaved: 'bundle-saved',
  TriggersStopped: 'triggers-stopped',
  VersionWritten: 'version-written',
  Switched: 'switched',
  TriggersRestarted: 'triggers-restarted',
} as const;
export type DeployStep = (typeof DeployStep)[keyof typeof DeployStep];

/** A deploy request. */
export interface DeployRequest {
  readonly target: DeployTarget;
  readonly environment: DeployEnvironment;
  readonly bundle?: DeployBundle;
  readonly rollback?: boolean;
  /** Plan only: print the diff, change nothing. */
  readonly whatIf?: boolean;
  /** Confirms applying an approved deployment to a protected environment. */
  readonly yes?: boolean;
  /**
   * Only record the approval request of a protected environment (never apply, `yes` ignored); an
   * unprotected environment is refused with `deploy/not-protected`, so a request cannot deploy.
   */
  readonly requestOnly?: boolean;
  readonly actor: string;
  /** ISO instant of now (injected: cicd reads no clock). */
  readonly now: () => string;
  /** A new unique id (pending approvals). */
  readonly newId: () => string;
  readonly settings?: DeployProjectSettings;
  /** Version folders kept besides the current one. Default 4. */
  readonly keepVersions?: number;
  readonly afterStep?: (step: DeployStep) => void | Promise<void>;
}

/**
 * What happened: `what-if` (planned only), `no-changes` (empty diff: nothing written, nothing recorded),
 * `pending-approval` (a protected environment's request recorded), `approved` (approved, waits for `--yes`),
 * `applied`.
 */
export type DeployStatus = 'what-if' | 'no-changes' | 'pending-approval' | 'approved' | 'applied';

/** The result of `runDeploy`. */
export interface DeployOutcome {
  readonly status: DeployStatus;
  readonly environment: string;
  readonly target: string;
  readonly bundleHash: string;
  readonly version: string;
  readonly rollback: boolean;
  readonly current?: DeployPlan['current'];
  readonly diff: DeployDiff;
  readonly triggers: TriggerPlan;
  readonly deployment?: DeploymentRecord;
  readonly pending?: PendingDeployment;
  /** Cloud target: factory resources the bundle lacks that stay (deleting them is opt-in). */
  readonly kept?: readonly string[];
}

function outcome(
  req: DeployRequest,
  plan: DeployPlan,
  status: DeployStatus,
  extra: Partial<DeployOutcome> = {},
): DeployOutcome {
  return {
    status,
    environment: req.environment.name,
    target: req.target.location,
    bundleHash: plan.bundle.contentHash,
    version: plan.bundle.version,
    rollback: req.rollback === true,
    ...(plan.current ? { current: plan.current } : {}),
    diff: plan.diff,
    triggers: plan.triggers,
    ...extra,
  };
}

/** Records an approval request (or finds the one already recorded); the deploy stops there. */
async function requestApproval(req: DeployRequest, plan: DeployPlan): Promise<DeployOutcome> {
  const base = plan.current?.id ?? null;
  const found = findPending(plan.history, plan.bundle.contentHash, base, req.rollback === true);
  if (found?.approvedBy !== undefined)
    return outcome(req, plan, req.yes ? 'applied' : 'approved', { pending: found });
  const pending: PendingDeployment = found ?? {
    id: req.newId(),
    bundleHash: plan.bundle.contentHash,
    version: plan.bundle.version,
    rollback: req.rollback === true,
    baseVersion: base,
    requestedBy: req.actor,
    requestedAt: req.now(),
    summary: plan.diff.summary,
    changes: plan.diff.resources.map((r) => ({
      action: r.action,
      kind: r.kind,
      name: r.name,
      changes: r.changes.map(({ op, pathText, before, after }) => ({
        op,
        pathText,
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
      })),
    })),
  };
  if (!found) await req.target.writeHistory({ ...plan.history, pending: [...plan.history.pending, pending] });
  return outcome(req, plan, 'pending-approval', { pending });
}

/** The history without an interrupted deploy: its record kept when its switch happened. */
function settled(plan: DeployPlan): DeployHistory {
  const flight = plan.history.inFlight;
  if (!flight) return plan.history;
  const switched = flight.record.id === plan.current?.id;
  const { inFlight: _done, ...rest } = plan.history;
  return {
    ...rest,
    deployments: switched ? [...rest.deployments, flight.record] : rest.deployments,
    pending: switched ? rest.pending.filter((p) => p.id !== flight.pendingId) : rest.pending,
  };
}

/** Starts the triggers an interrupted deploy left stopped (the diff is empty: nothing else to do). */
async function finishInterrupted(req: DeployRequest, plan: DeployPlan): Promise<void> {
  for (const t of plan.triggers.restart) await req.target.setTriggerState(t, 'Started');
  await req.target.writeHistory(settled(plan));
}

async function apply(
  req: DeployRequest,
  plan: DeployPlan,
  pending?: PendingDeployment,
): Promise<DeployOutcome> {
  const { target } = req;
  const step = async (s: DeployStep): Promise<void> => {
    await req.afterStep?.(s);
  };
  await target.saveBundle(plan.bundle.contentHash, plan.bundle.text);
  await step(DeployStep.BundleSaved);
  const record: DeploymentRecord = {
    id: plan.versionId,
    generation: plan.generation,
    bundleHash: plan.bundle.contentHash,
    version: plan.bundle.version,
    kind: req.rollback ? 'rollback' : 'deploy',
    ...(plan.rollbackOf === undefined ? {} : { rollbackOf: plan.rollbackOf }),
    actor: req.actor,
    ...(pending?.approvedBy === undefined ? {} : { approvedBy: pending.approvedBy }),
    at: req.now(),
    summary: plan.diff.summary,
    stoppedTriggers: plan.triggers.stop,
    restartedTriggers: plan.triggers.restart,
  };
  const stopped = [...new Set([...(plan.history.inFlight?.stoppedTriggers ?? []), ...plan.triggers.stop])];
  const base = settled(plan);
  await target.writeHistory({
    ...base,
    inFlight: {
      bundleHash: plan.bundle.contentHash,
      startedAt: record.at,
      stoppedTriggers: stopped,
      record,
      ...(pending ? { pendingId: pending.id } : {}),
    },
  });
  for (const t of plan.triggers.stop) await target.setTriggerState(t, 'Stopped');
  await step(DeployStep.TriggersStopped);
  await target.writeVersion(plan.versionId, plan.files);
  await step(DeployStep.VersionWritten);
  await target.switchCurrent(plan.versionId);
  await step(DeployStep.Switched);
  for (const t of plan.triggers.restart) await target.setTriggerState(t, 'Started');
  await step(DeployStep.TriggersRestarted);
  const history: DeployHistory = {
    ...base,
    deployments: [...base.deployments, record],
    pending: base.pending.filter((p) => p.id !== pending?.id),
  };
  await target.writeHistory(history);
  const keep = history.deployments.slice(-1 - (req.keepVersions ?? 4)).map((d) => d.id);
  await target.pruneVersions([...new Set([...keep, plan.versionId])]);
  return outcome(req, plan, 'applied', { deployment: record, ...(pending ? { pending } : {}) });
}

/**
 * Deploys a bundle (or rolls back) to an environment's target: plans (diff + triggers), then — unless
 * what-if, an empty diff, or a protected environment without an approval by another identity and `--yes` —
 * applies: keeps the bundle, stops the affected running triggers, writes the new version folder, switches
 * `current` in one rename, restarts the triggers and records the deployment. An interruption at any step
 * leaves the target on the old version; the next deploy restarts the triggers it left stopped.
 */
export async function runDeploy(request: DeployRequest): Promise<DeployOutcome> {
  const req = request.requestOnly ? { ...request, yes: false } : request;
  if (req.whatIf) return outcome(req, await planDeploy(req), 'what-if');
  const lock = await req.target.lock();
  try {
    const plan = await planDeploy(req);
    if (plan.diff.resources.length === 0) {
      if (plan.history.inFlight) await finishInterrupted(req, plan);
      return outcome(req, plan, 'no-changes');
    }
    if (!req.environment.protected) {
      if (req.requestOnly)
        throw new ConfigError({
          code: 'deploy/not-protected',
          message: `${req.environment.name} is not protected: a request would have nothing to wait for`,
          hint: `deploy without --request, or set "protected": true for ${req.environment.name} in millrace.json`,
        });
      return await apply(req, plan);
    }
    const approval = await requestApproval(req, plan);
    return approval.status === 'applied' ? await apply(req, plan, approval.pending) : approval;
  } finally {
    await lock.release();
  }
}

import type { DeploymentRecord } from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import type { JsonObject } from '../../model/index.js';
import { gateCloudDeploy, recordCloudDeployment } from './cloud-approval.js';
import type { CloudApprovals } from './cloud-approval.js';
import { planCloudDeploy } from './cloud-plan.js';
import type { CloudPlan, CloudPlanInput } from './cloud-plan.js';
import type { DeployOutcome } from './deploy-run.js';

/** A cloud deploy request: the plan's input plus how to report and continue. */
export interface CloudDeployRequest extends CloudPlanInput {
  readonly whatIf: boolean;
  /** This deploy redeploys the previously applied bundle (`--rollback`). */
  readonly rollback?: boolean;
  readonly actor: string;
  readonly now: () => string;
  readonly newId: () => string;
  /** Reads the secret a scope key names (only when applied; the value is never shown). */
  readonly readScopeSecret?: (key: string) => Promise<string>;
  /** Writes the report of an apply that failed mid-way (JSON); returns where it went. */
  readonly writeReport: (report: JsonObject) => Promise<string>;
  /** The command that resumes (re-runs this deploy) and, when a previous bundle is kept, the one that rolls back. */
  readonly commands: { readonly resume: string; readonly rollback?: string };
  /** The environment's approvals (protected environments) and deploy history. */
  readonly approvals: CloudApprovals;
  /** The bundle applied last, as the environment's records know it (the factory itself holds no version). */
  readonly lastApplied?: { readonly bundleHash: string; readonly version: string };
  /** Test hook: runs after each applied action (throw to simulate a failure mid-way). */
  readonly afterAction?: (action: string) => void | Promise<void>;
}

/**
 * Deploys a bundle to a live Data Factory (and Databricks workspace): plans against what is there, then —
 * unless what-if or nothing differs — stops the affected running triggers, writes resources in dependency
 * order, deletes removed ones (opt-in), imports notebooks, fills the secret scope and starts again exactly
 * the triggers it stopped. Running it again after a failure resumes: the plan is recomputed from the live
 * state and the triggers the failed run left stopped (its report) are started again.
 */
export async function runCloudDeploy(req: CloudDeployRequest): Promise<DeployOutcome> {
  if (req.whatIf) return { ...baseOf(req, await planCloudDeploy(req)), status: 'what-if' };
  // Plan and apply under the environment's deploy lock: no other deploy changes the factory in between.
  const lock = await req.approvals.target.lock();
  try {
    const plan = await planCloudDeploy(req);
    const base = baseOf(req, plan);
    if (plan.diff.resources.length === 0 && plan.triggers.restart.length === 0)
      return { ...base, status: 'no-changes' };
    const gate = await gateCloudDeploy(
      req.approvals,
      {
        environment: req.environment.name,
        bundleHash: req.bundle.contentHash,
        version: req.bundle.version,
        actor: req.actor,
        now: req.now,
        newId: req.newId,
      },
      plan.diff,
    );
    if (gate.decision === 'stop') return { ...base, status: gate.status, pending: gate.pending };
    const outcome = await apply(req, plan, base);
    const approvedBy = gate.pending?.approvedBy;
    const deployment = { ...outcome.deployment!, ...(approvedBy === undefined ? {} : { approvedBy }) };
    await recordCloudDeployment(req.approvals.target, deployment, gate.pending);
    return { ...outcome, deployment, ...(gate.pending ? { pending: gate.pending } : {}) };
  } finally {
    await lock.release();
  }
}

/** The outcome's fields every status shares. */
function baseOf(req: CloudDeployRequest, plan: CloudPlan): Omit<DeployOutcome, 'status'> {
  return {
    environment: req.environment.name,
    target: `adf:${req.factory.location}${req.workspace ? ` + ${req.workspace.workspace.host}` : ''}`,
    bundleHash: req.bundle.contentHash,
    version: req.bundle.version,
    rollback: req.rollback === true,
    current: {
      id: 'live factory',
      ...(req.lastApplied
        ? { bundleHash: req.lastApplied.bundleHash, version: req.lastApplied.version }
        : {}),
    },
    diff: plan.diff,
    triggers: plan.triggers,
    kept: plan.kept,
  };
}

async function apply(
  req: CloudDeployRequest,
  plan: CloudPlan,
  base: Omit<DeployOutcome, 'status'>,
): Promise<DeployOutcome> {
  const applied: string[] = [];
  const stoppedNow: string[] = [];
  const restarted: string[] = [];
  const done = async (action: string): Promise<void> => {
    applied.push(action);
    await req.afterAction?.(action);
  };
  const { factory, signal } = req;
  try {
    for (const t of plan.triggers.stop) {
      await factory.setTriggerState(t, 'Stopped', signal);
      stoppedNow.push(t);
      await done(`stop trigger/${t}`);
    }
    for (const w of plan.writes) {
      await factory.put(w.kind, w.name, w.properties, signal);
      await done(`put ${w.kind}/${w.name}`);
    }
    for (const d of plan.deletes) {
      await factory.delete(d.kind, d.name, signal);
      await done(`delete ${d.kind}/${d.name}`);
    }
    const ws = req.workspace?.workspace;
    for (const n of plan.notebooks) {
      await ws!.mkdirs(n.path.slice(0, n.path.lastIndexOf('/')) || '/', signal);
      await ws!.importNotebook(n.path, n.content, n.language, signal);
      await done(`import notebook ${n.path}`);
    }
    const scope = req.workspace?.secretScope;
    if (scope && plan.secretKeys.length > 0) {
      if (!(await ws!.listScopes(signal)).includes(scope.name)) await ws!.createScope(scope.name, signal);
      for (const k of plan.secretKeys) {
        await ws!.putSecret(scope.name, k, await req.readScopeSecret!(k), signal);
        await done(`put secret ${scope.name}/${k}`);
      }
    }
    for (const t of plan.triggers.restart) {
      await factory.setTriggerState(t, 'Started', signal);
      restarted.push(t);
      await done(`start trigger/${t}`);
    }
  } catch (err) {
    const stillStopped = [...new Set([...(req.interrupted ?? []), ...stoppedNow])].filter(
      (t) => !restarted.includes(t),
    );
    const report: JsonObject = {
      status: 'failed',
      environment: req.environment.name,
      target: base.target,
      bundleHash: req.bundle.contentHash,
      version: req.bundle.version,
      at: req.now(),
      error: {
        code: err instanceof MillraceError ? err.code : 'deploy/cloud-apply-failed',
        message: (err as Error).message,
      },
      applied,
      stoppedTriggers: stillStopped,
      resume: req.commands.resume,
      ...(req.commands.rollback ? { rollback: req.commands.rollback } : {}),
    };
    const where = await req.writeReport(report);
    throw new MillraceError({
      code: 'deploy/cloud-apply-failed',
      message: `deploy to ${base.target} stopped after ${applied.length} action(s): ${(err as Error).message}`,
      hint: `report: ${where}; resume with: ${req.commands.resume}${req.commands.rollback ? `; roll back with: ${req.commands.rollback}` : ''}`,
      cause: err,
    });
  }
  const deployment: DeploymentRecord = {
    id: req.newId(),
    generation: 0,
    bundleHash: req.bundle.contentHash,
    version: req.bundle.version,
    kind: req.rollback ? 'rollback' : 'deploy',
    actor: req.actor,
    at: req.now(),
    summary: plan.diff.summary,
    stoppedTriggers: plan.triggers.stop,
    restartedTriggers: plan.triggers.restart,
  };
  return { ...base, status: 'applied', deployment };
}

import type {
  ApprovalProof,
  ClosedDeployment,
  DeployHistory,
  DeploymentRecord,
  PendingDeployment,
} from '../../contracts/index.js';
import { EMPTY_HISTORY } from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';

export { EMPTY_HISTORY };

/** True when two identities are the same person (case and surrounding blanks ignored). */
export function sameActor(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The deployments still in effect, oldest first: every deploy pushes, every rollback pops the one it undid.
 * The last one is the current deployment; the one before it is what `--rollback` redeploys.
 */
export function deploymentStack(history: DeployHistory): DeploymentRecord[] {
  const stack: DeploymentRecord[] = [];
  for (const d of history.deployments) {
    if (d.kind === 'rollback') {
      const undone = stack.findIndex((s) => s.id === d.rollbackOf);
      if (undone >= 0) stack.splice(undone);
      const restored = stack[stack.length - 1];
      // The rollback's own record stands for the restored bundle (same hash), so a rollback can be undone too.
      if (restored) stack[stack.length - 1] = { ...d, kind: 'deploy' };
      else stack.push({ ...d, kind: 'deploy' });
    } else stack.push(d);
  }
  return stack;
}

/** What `--rollback` undoes and the deployment whose bundle it redeploys. */
export function rollbackTarget(history: DeployHistory): {
  undo: DeploymentRecord;
  restore: DeploymentRecord;
} {
  const stack = deploymentStack(history);
  const undo = stack[stack.length - 1];
  const restore = stack[stack.length - 2];
  if (!undo || !restore)
    throw new ConfigError({
      code: 'deploy/nothing-to-roll-back',
      message: `there is no previous deployment to roll back to (${stack.length} deployment(s) in effect)`,
    });
  return { undo, restore };
}

/** The next generation number (never reused, even after an unrecorded switch). */
export function nextGeneration(history: DeployHistory, currentId: string | undefined): number {
  const fromId =
    currentId === undefined ? 0 : Number.parseInt(currentId.slice(0, currentId.indexOf('-')), 10);
  const fromHistory = Math.max(0, ...history.deployments.map((d) => d.generation));
  const fromInFlight = history.inFlight?.record.generation ?? 0;
  return Math.max(Number.isNaN(fromId) ? 0 : fromId, fromHistory, fromInFlight) + 1;
}

/** Version folder name: zero-padded generation, then the first 12 hex digits of the bundle hash. */
export function versionIdOf(generation: number, bundleHash: string): string {
  return `${String(generation).padStart(4, '0')}-${bundleHash.replace(/^sha256:/, '').slice(0, 12)}`;
}

/** The pending request for this bundle on this base version, if any. */
export function findPending(
  history: DeployHistory,
  bundleHash: string,
  baseVersion: string | null,
  rollback: boolean,
): PendingDeployment | undefined {
  return history.pending.find(
    (p) => p.bundleHash === bundleHash && p.baseVersion === baseVersion && p.rollback === rollback,
  );
}

/**
 * Closes a pending deployment without applying it: `withdrawn` when its requester closes it, `rejected` when
 * anyone else does (who may do so is the caller's rule: the server asks for the deployer role). An approved
 * request may still be rejected until it is applied.
 */
export function closePending(
  history: DeployHistory,
  pendingId: string,
  actor: string,
  at: string,
  reason?: string,
): { history: DeployHistory; closed: ClosedDeployment } {
  const found = history.pending.find((p) => p.id === pendingId);
  if (!found)
    throw new ConfigError({
      code: 'deploy/unknown-pending',
      message: `no pending deployment ${pendingId} (pending: ${history.pending.map((p) => p.id).join(', ') || 'none'})`,
    });
  const closed: ClosedDeployment = {
    ...found,
    outcome: sameActor(found.requestedBy, actor) ? 'withdrawn' : 'rejected',
    closedBy: actor,
    closedAt: at,
    ...(reason === undefined || reason.trim() === '' ? {} : { reason: reason.trim() }),
  };
  return {
    history: {
      ...history,
      pending: history.pending.filter((p) => p.id !== pendingId),
      closed: [...(history.closed ?? []), closed],
    },
    closed,
  };
}

/** Records an approval; refused when the approver requested the deployment. */
export function approvePending(
  history: DeployHistory,
  pendingId: string,
  actor: string,
  at: string,
  proof?: ApprovalProof,
): { history: DeployHistory; pending: PendingDeployment } {
  const found = history.pending.find((p) => p.id === pendingId);
  if (!found)
    throw new ConfigError({
      code: 'deploy/unknown-pending',
      message: `no pending deployment ${pendingId} (pending: ${history.pending.map((p) => p.id).join(', ') || 'none'})`,
    });
  if (sameActor(found.requestedBy, actor))
    throw new ConfigError({
      code: 'deploy/self-approval',
      message: `${actor} requested deployment ${pendingId} and cannot approve it; another identity must`,
      hint: `millrace deploy approve ${pendingId} --env <env>, by someone else (with their --key on a protected environment)`,
    });
  const pending: PendingDeployment = {
    ...found,
    approvedBy: actor,
    approvedAt: at,
    ...(proof ? { approvalProof: proof } : {}),
  };
  return {
    history: { ...history, pending: history.pending.map((p) => (p.id === pendingId ? pending : p)) },
    pending,
  };
}

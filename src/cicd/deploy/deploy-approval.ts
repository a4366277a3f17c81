import type {
  ApprovalProof,
  ClosedDeployment,
  DeployHistory,
  DeployTarget,
  PendingDeployment,
} from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';
import { approvePending, closePending } from './deploy-history.js';

/** Which pending deployment to approve: by id, or the one of a bundle (`deploy <bundle> --approve`). */
export type ApprovalSelector = { readonly pendingId: string } | { readonly bundleHash: string };

/** An approval request. */
export interface ApproveRequest {
  readonly target: DeployTarget;
  readonly environment: string;
  readonly selector: ApprovalSelector;
  /** The approver; refused when it is the requester. */
  readonly actor: string;
  /** The approver's signature of the approval, kept with it (a protected environment approved from the CLI). */
  readonly proof?: ApprovalProof;
  readonly now: () => string;
}

function select(history: DeployHistory, selector: ApprovalSelector, environment: string): string {
  if ('pendingId' in selector) return selector.pendingId;
  const matches = history.pending.filter((p) => p.bundleHash === selector.bundleHash);
  const last = matches[matches.length - 1];
  if (!last)
    throw new ConfigError({
      code: 'deploy/unknown-pending',
      message: `no pending deployment of bundle ${selector.bundleHash} to ${environment}`,
      hint: `request one first: millrace deploy <bundle> --env ${environment}`,
    });
  return last.id;
}

/**
 * Records the approval of a pending deployment to a protected environment, under the environment's deploy
 * lock. Throws `deploy/self-approval` when the approver requested it, `deploy/unknown-pending` when there is
 * no such request.
 */
export async function approveDeployment(req: ApproveRequest): Promise<PendingDeployment> {
  const lock = await req.target.lock();
  try {
    const history = await req.target.readHistory();
    const id = select(history, req.selector, req.environment);
    const result = approvePending(history, id, req.actor, req.now(), req.proof);
    await req.target.writeHistory(result.history);
    return result.pending;
  } finally {
    await lock.release();
  }
}

/** A request to close a pending deployment without applying it. */
export interface RejectRequest {
  readonly target: DeployTarget;
  readonly pendingId: string;
  /** Who closes it: its requester withdraws it, anyone else rejects it. */
  readonly actor: string;
  readonly reason?: string;
  readonly now: () => string;
}

/**
 * Rejects (or, by its requester, withdraws) a pending deployment under the environment's deploy lock: it
 * leaves `pending` for `closed`, with who and when. Throws `deploy/unknown-pending` when there is no such request.
 */
export async function rejectDeployment(req: RejectRequest): Promise<ClosedDeployment> {
  const lock = await req.target.lock();
  try {
    const history = await req.target.readHistory();
    const result = closePending(history, req.pendingId, req.actor, req.now(), req.reason);
    await req.target.writeHistory(result.history);
    return result.closed;
  } finally {
    await lock.release();
  }
}

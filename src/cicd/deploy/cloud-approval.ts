import type {
  DeployHistory,
  DeployTarget,
  DeploymentRecord,
  PendingDeployment,
} from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';
import type { DeployDiff } from './deploy-diff.js';
import { findPending } from './deploy-history.js';

/**
 * The base version a cloud approval is recorded against. A live factory has no version ids: an approval is
 * for the bundle, and the what-if is computed again against the live factory when it is applied.
 */
export const CLOUD_BASE = 'cloud';

/** What the approval gate of a protected environment decides. */
export type CloudGate =
  | { readonly decision: 'apply'; readonly pending?: PendingDeployment }
  | {
      readonly decision: 'stop';
      readonly status: 'pending-approval' | 'approved';
      readonly pending: PendingDeployment;
    };

/** The approval side of a cloud deploy: the environment's deploy history (pending approvals, records). */
export interface CloudApprovals {
  readonly target: DeployTarget;
  readonly protected: boolean;
  readonly yes: boolean;
  /** Only record the request (`--request`); refused for an unprotected environment. */
  readonly requestOnly: boolean;
}

/**
 * Decides whether a cloud deploy may apply: an unprotected environment applies at once; a protected one
 * records a pending deployment (requester, bundle, diff summary), waits for an approval by another identity
 * (`millrace deploy approve`), and applies only with `--yes`, as a deploy to a Millrace target does.
 */
export async function gateCloudDeploy(
  a: CloudApprovals,
  req: {
    readonly environment: string;
    readonly bundleHash: string;
    readonly version: string;
    readonly actor: string;
    readonly now: () => string;
    readonly newId: () => string;
  },
  diff: DeployDiff,
): Promise<CloudGate> {
  if (!a.protected) {
    if (a.requestOnly)
      throw new ConfigError({
        code: 'deploy/not-protected',
        message: `${req.environment} is not protected: a request would have nothing to wait for`,
        hint: `deploy without --request, or set "protected": true for ${req.environment} in millrace.json`,
      });
    return { decision: 'apply' };
  }
  const history = await a.target.readHistory();
  const found = findPending(history, req.bundleHash, CLOUD_BASE, false);
  if (found?.approvedBy !== undefined)
    return a.yes && !a.requestOnly
      ? { decision: 'apply', pending: found }
      : { decision: 'stop', status: 'approved', pending: found };
  const pending: PendingDeployment = found ?? {
    id: req.newId(),
    bundleHash: req.bundleHash,
    version: req.version,
    rollback: false,
    baseVersion: CLOUD_BASE,
    requestedBy: req.actor,
    requestedAt: req.now(),
    summary: diff.summary,
  };
  if (!found) await a.target.writeHistory({ ...history, pending: [...history.pending, pending] });
  return { decision: 'stop', status: 'pending-approval', pending };
}

/** Records an applied cloud deployment in the history and drops the approval it used. */
export async function recordCloudDeployment(
  target: DeployTarget,
  record: DeploymentRecord,
  pending: PendingDeployment | undefined,
): Promise<void> {
  const history: DeployHistory = await target.readHistory();
  await target.writeHistory({
    ...history,
    deployments: [...history.deployments, record],
    pending: history.pending.filter((p) => p.id !== pending?.id),
  });
}

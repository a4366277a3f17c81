import type { DeployOutcome } from '../cicd/index.js';
import type { DeployHistory, PendingDeployment } from '../contracts/index.js';
import type { ApproveOptions, DeployOptions, DeployTargetOptions } from './deploy-service.js';

export type { ApproveOptions, DeployOptions, DeployTargetOptions } from './deploy-service.js';

/**
 * Deploys a bundle to an environment (or plans it with `whatIf`, or rolls back). The deploy service, the
 * stores and the diff load on this call, so importing the library stays cheap.
 *
 * @example
 * const outcome = await deployProject({ bundle: 'dist', environment: 'qa', whatIf: true });
 * console.log(outcome.diff.summary);
 */
export async function deployProject(options: DeployOptions): Promise<DeployOutcome> {
  return (await import('./deploy-service.js')).deployProject(options);
}

/**
 * Approves a pending deployment to a protected environment (by id, or by bundle). Refused with
 * `deploy/self-approval` when the approver requested it.
 */
export async function approveDeployment(options: ApproveOptions): Promise<PendingDeployment> {
  return (await import('./deploy-service.js')).approveProjectDeployment(options);
}

/** The deploy history of an environment. */
export async function deploymentHistory(options: DeployTargetOptions): Promise<DeployHistory> {
  return (await import('./deploy-service.js')).deploymentHistory(options);
}

/** Deploy: diff a bundle against an environment's target, then apply it (approvals, triggers, history). */
export { parseDeployBundle } from './deploy-bundle.js';
export type { DeployBundle, BundleResource, BundleNotebook } from './deploy-bundle.js';
export type { DeployDiff, ResourceChange, PropertyChange } from './deploy-diff.js';
export { diffJson } from './deploy-diff.js';
export { runDeploy, DeployStep } from './deploy-run.js';
export type { DeployRequest, DeployOutcome, DeployStatus } from './deploy-run.js';
export type { DeployEnvironment } from './deploy-plan.js';
export { approveDeployment, rejectDeployment } from './deploy-approval.js';
export type { ApproveRequest, ApprovalSelector, RejectRequest } from './deploy-approval.js';
export { EMPTY_HISTORY, deploymentStack } from './deploy-history.js';
export type { TriggerPlan } from './trigger-plan.js';
export type { DeployProjectSettings } from './materialize.js';
export { SECRET_MASK } from './secret-mask.js';
export { readBundleText } from './bundle-file.js';
export {
  deployRemote,
  approveRemoteDeployment,
  rejectRemoteDeployment,
  remoteDeploymentHistory,
} from './remote-deploy.js';
export type { RemoteTargetOptions, RemoteDeployOptions, RemoteApproveOptions } from './remote-deploy.js';
export { runCloudDeploy } from './cloud-deploy.js';
export type { CloudDeployRequest } from './cloud-deploy.js';
export { planCloudDeploy, workspaceNotebooks } from './cloud-plan.js';
export type { CloudPlan, WorkspaceTarget, WorkspaceNotebook } from './cloud-plan.js';

/**
 * Composition root: wires config, model and cicd into the library API that src/index.ts exports.
 * Keep its static imports light: what wires the engine, the stores and the SDKs loads through `lazy`
 * (entry-points.ts) on the first call of an entry point that needs it.
 */
export * from './project.js';
export { summarizeBuiltinOutput } from './activity-summaries.js';
export type { OutputSummarizer } from './activity-summaries.js';
export * from './describe-factory.js';
export * from './entry-points.js';
export type { Millrace, MillraceOptions, RerunOptions, RunOptions, StartedRun } from './run-service.js';
export type { Worker, WorkerEvent, WorkerOptions } from './worker-service.js';
export type { RunProgress } from './progress-router.js';
export type { ActivityLog, LogLine } from '../store/index.js';
export { formatJUnitReport } from '../cicd/index.js';
export type { JUnitReportOptions } from '../cicd/index.js';
export * from './environments.js';
export type { OpenSecretsOptions, SecretsAdmin } from './secrets-admin.js';
export * from './build-project.js';
export * from './assert-run.js';
export * from './run-pipeline-test.js';
export type * from './pipeline-test-types.js';
export type {
  AccessAdmin,
  OpenAccessOptions,
  ApiTokenSummary,
  CreatedApiToken,
  ApiPrincipal,
} from './access-admin.js';
export type {
  TriggerDetail,
  TriggerInfo,
  TriggerService,
  TriggerServiceOptions,
  TriggerWindowQuery,
  SharedRunService,
} from './trigger-service.js';
export type { ApproveOptions, DeployOptions, DeployTargetOptions, RejectOptions } from './deploy-service.js';
export { keepTakingOver } from './run-takeover.js';
export type { TakeoverOutcome } from './run-takeover.js';
export {
  deployRemote,
  approveRemoteDeployment,
  rejectRemoteDeployment,
  remoteDeploymentHistory,
} from '../cicd/index.js';
export type { RemoteTargetOptions, RemoteDeployOptions, RemoteApproveOptions } from '../cicd/index.js';
export { listPythonEnvironments, prunePythonEnvironments } from './python-wiring.js';
export type { PythonEnvironmentInfo } from './python-wiring.js';
export type { ModelsAdmin, OpenModelsOptions, MlRunQuery } from './models-admin.js';
export type { OpenMlflow, OpenMlflowOptions } from './ml-wiring.js';
export type { MlflowHttpOptions } from '../ml/index.js';
export type {
  OpenModelServingOptions,
  OpenServingOptions,
  ServedModel,
  ServingService,
  ServingStatusOptions,
} from './serving-service.js';
export type { ServingState, ServingRecord } from './serving-state.js';
export type { BuildModelImageOptions, BuiltModelImage } from './model-image.js';
export type { FolderServing, OpenFolderServingOptions } from './folder-serving.js';
export type { EndpointStatus, ScoringReply, ScoringRequest } from '../serving/index.js';
export { runRemotePipeline } from './remote-run.js';
export type { RemoteRunOptions } from './remote-run.js';
export type { CloudTestHooks } from './cloud-wiring.js';

/**
 * Millrace library API: the one import for the CLI, the server and user code.
 * Concrete implementations are wired in app/. Importing it is cheap (no zod, engine, store or SDKs): the
 * run service loads in createMillrace, the schemas only for a factory that fails the fast structural check.
 */
export * from './errors/index.js';
export type * from './model/index.js';
export * from './expressions/index.js';
export {
  loadProject,
  validateProject,
  validateProjectInEnvironment,
  describeFactory,
  describePipeline,
  formatJUnitReport,
  createMillrace,
  startWorker,
  listEnvironments,
  createPreviewEnvironment,
  destroyPreviewEnvironment,
  openSecrets,
  openAccess,
  openTriggers,
  openMlflow,
  openRunStore,
  keepTakingOver,
  mountMlflow,
  listPythonEnvironments,
  prunePythonEnvironments,
  openModels,
  openServing,
  openModelServing,
  servingStatus,
  buildModelImage,
  openFolderServing,
} from './app/index.js';
export type {
  TriggerInfo,
  TriggerDetail,
  TriggerService,
  TriggerServiceOptions,
  TriggerWindowQuery,
  SharedRunService,
  LoadedProject,
  ValidationReport,
  FactoryDescription,
  PipelineSummary,
  PipelineDetail,
  JUnitReportOptions,
  Millrace,
  MillraceOptions,
  Worker,
  WorkerEvent,
  WorkerOptions,
  RerunOptions,
  RunOptions,
  RunProgress,
  EnvironmentSummary,
  PreviewEnvironmentOptions,
  OpenSecretsOptions,
  SecretsAdmin,
  AccessAdmin,
  OpenAccessOptions,
  ApiTokenSummary,
  CreatedApiToken,
  ApiPrincipal,
  StartedRun,
  LogLine,
  ActivityLog,
  PythonEnvironmentInfo,
  ModelsAdmin,
  OpenModelsOptions,
  MlRunQuery,
  OpenMlflow,
  OpenMlflowOptions,
  MlflowHttpOptions,
  OpenModelServingOptions,
  OpenServingOptions,
  ServedModel,
  ServingService,
  ServingStatusOptions,
  ServingState,
  ServingRecord,
  BuildModelImageOptions,
  BuiltModelImage,
  FolderServing,
  OpenFolderServingOptions,
  EndpointStatus,
  ScoringReply,
  ScoringRequest,
} from './app/index.js';
export type { SchedulerEvent } from './triggers/index.js';
export type { RunDocument, ActivityRunDocument, RunSummary } from './engine/index.js';
// The one file, not engine/index.ts: importing the library must not load the engine (`millrace validate`).
export { buildRunSummary } from './engine/run-document.js';
export type {
  RunEvent,
  ListRunsQuery,
  RunPage,
  PipelineRunRecord,
  ActivityRunRecord,
  ActivityExecutor,
  RunStore,
  TriggerRunRecord,
  TriggerRunStatus,
  RunStatus,
  TriggerRuntimeState,
  AuditEntry,
  ApiRole,
  ActivityContext,
  ActivityDefinition,
  ActivityTypeDescription,
  ValueSchema,
} from './contracts/index.js';
// Build and test (issue #7).
export { buildProject, assertRun, runPipelineTest } from './app/index.js';
export type {
  BuildOptions,
  BuildResult,
  AssertionResult,
  ActivityMock,
  ActivityMocks,
  PipelineTestRunOptions,
  PipelineTestRunResult,
  PipelineTestChild,
} from './app/index.js';
// Deploy (issue #7).
export { deployProject, approveDeployment, rejectDeployment, deploymentHistory } from './app/index.js';
export type { DeployOptions, ApproveOptions, DeployTargetOptions, RejectOptions } from './app/index.js';
// Deploy through a Millrace server (issue #8).
export {
  deployRemote,
  approveRemoteDeployment,
  rejectRemoteDeployment,
  remoteDeploymentHistory,
} from './app/index.js';
export type { RemoteTargetOptions, RemoteDeployOptions, RemoteApproveOptions } from './app/index.js';
export type {
  DeployOutcome,
  DeployStatus,
  DeployDiff,
  ResourceChange,
  PropertyChange,
  TriggerPlan,
} from './cicd/index.js';
export type {
  ClosedDeployment,
  DeployHistory,
  DeploymentRecord,
  PendingDeployment,
} from './contracts/index.js';
// ML tracking, registry and promotion (issue #17).
export type {
  MlExperiment,
  MlRun,
  MlRegisteredModel,
  MlModelVersion,
  MlPromotion,
  MlLoggedModel,
} from './contracts/index.js';
export { runRemotePipeline, summarizeBuiltinOutput } from './app/index.js';
export type { OutputSummarizer } from './app/index.js';
export type { RemoteRunOptions, CloudTestHooks } from './app/index.js';

/** Built-in activity executors, one folder per type; `builtinActivityExecutors` lists them for the app. */
export * from './builtin-activities.js';
export type { BuiltinActivitySettings } from './builtin-activity-settings.js';
export * from './define-activity.js';
export { clusterFromLinkedService, DatabricksErrorCode } from './databricks-jobs/index.js';
export type { DatabricksExecutorSettings, RemoteDatabricksSettings } from './databricks-jobs/index.js';
export { createSparkHosts } from './notebook-runtime/index.js';
export type { SparkHosts } from './notebook-runtime/index.js';
export type { WebActivityOptions, WebhookActivityOptions } from './web/index.js';

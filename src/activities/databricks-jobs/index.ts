/** The remote path of the Databricks activities: a Jobs API 2.1 client and one-time runs on a workspace. */
export * from './databricks-error.js';
export * from './jobs-api-client.js';
export * from './cluster-spec.js';
export * from './run-on-databricks.js';
export * from './remote-settings.js';
export * from './remote-activity.js';

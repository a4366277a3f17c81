/** The DatabricksNotebook activity, run locally in a Python process. */
export * from './databricks-notebook-activity.js';

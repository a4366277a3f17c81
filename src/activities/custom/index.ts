/** The Custom activity (ADF's Azure Batch command runner), run locally as a process. */
export * from './custom-activity.js';

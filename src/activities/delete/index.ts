/** The Delete activity: files or folders of a dataset, with an optional CSV log. */
export * from './delete-activity.js';
export * from './delete-data.js';

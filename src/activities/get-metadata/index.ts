/** The GetMetadata activity: the requested fieldList items of a file or folder. */
export * from './get-metadata-activity.js';
export * from './get-metadata-data.js';

export * from './azure-function-activity.js';
export * from './web-activity.js';
export * from './webhook-activity.js';

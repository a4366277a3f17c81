export * from './web-activity.js';
export * from './webhook-activity.js';

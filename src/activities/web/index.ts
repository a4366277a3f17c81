export * from './web-activity.js';

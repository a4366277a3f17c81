/** Built-in activity executors, one folder per type; `builtinActivityExecutors` lists them for the app. */
export * from './builtin-activities.js';

/**
 * Millrace library API: the one import for the CLI, the server and user code.
 * Concrete implementations are wired in app/.
 */
export * from './errors/index.js';
export type * from './model/index.js';

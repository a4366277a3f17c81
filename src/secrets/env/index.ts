/** The environment-variable secret provider (read-only, prefix-scoped). */
export * from './env-provider.js';

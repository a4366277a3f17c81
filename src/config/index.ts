/**
 * Configuration: the only module that reads files and environment variables (project file, factory files).
 * `project-config.ts` (the zod schema of millrace.json) loads only for a project file the fast path rejects.
 */
export type { ProjectConfig } from './project-config.js';
export * from './read-project-config.js';
export * from './load-project.js';
export * from './resolved-config.js';
export type * from './environment-config.js';
export * from './load-environment.js';
export * from './master-key.js';
export * from './preview-environments.js';
export * from './resolve-actor.js';
export * from './python-cache-dir.js';
export * from './resource-folders.js';
export * from './signing-identity.js';

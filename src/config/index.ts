/** Configuration: the only module that reads files and environment variables (project file, factory files). */
export * from './project-config.js';
export * from './load-project.js';

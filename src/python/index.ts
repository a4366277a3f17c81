/** Python environments built from activity libraries and requirements (cached venvs) for notebooks and scripts. */
export * from './python-error.js';
export * from './dbfs-path.js';
export * from './requirement-set.js';
export * from './env-cache.js';
export * from './env-builder.js';
export * from './python-environments.js';

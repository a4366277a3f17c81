/** CI/CD: validation of factories (build and deploy come in later issues). */
export * from './validate/index.js';
export * from './environments/index.js';
export * from './build/index.js';
export * from './deploy/index.js';

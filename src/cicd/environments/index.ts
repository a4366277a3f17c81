/** Environments: applying an environment's parameters (Millrace form or ADF ARM parameters) to a factory. */
export * from './apply-environment.js';

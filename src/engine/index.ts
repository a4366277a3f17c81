/** The execution engine: compiles a pipeline into scopes, runs them event-driven with ADF's rules, records events. */
export { createEngine } from './engine.js';
export type { Engine } from './engine.js';
export type { EngineOptions, RunHandle, RunRequest, RunResult } from './run-types.js';
export type { TriggerInvocation } from './trigger-invocation.js';
export { createActivityRegistry } from './activity-registry.js';
export { createRerunSource } from './rerun-source.js';
export type { PreviousActivity, RerunSource } from './rerun-source.js';
export { planRerun } from './rerun-request.js';
export type { RerunChoice } from './rerun-request.js';
export { buildRunDocument, buildRunSummary } from './run-document.js';
export type { ActivityArtifact, ActivityRunDocument, RunDocument, RunSummary } from './run-document.js';
export { parseParameterText, resolveRunParameters } from './run-parameters.js';
export { SECURE_MASK } from './masking.js';
export { toActivityError } from './error-boundary.js';
export { parseTimeSpan } from './timespan.js';
export { CONTROL_TYPES } from './control/control-types.js';
export { compileScope } from './plan.js';
export type { ScopePlan, ActivityNode } from './plan.js';

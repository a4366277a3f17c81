/** Model serving: MLflow's scoring protocol over pools of Python workers, following registry aliases. */
export { ModelEndpoint } from './model-endpoint.js';
export type { ModelEndpointOptions, ModelSource, EndpointStatus } from './model-endpoint.js';
export { ModelServing } from './model-serving.js';
export { WorkerProcess, WORKER_SCRIPT } from './worker-process.js';
export type { SignatureInput, WorkerHello } from './worker-process.js';
export { WorkerPool } from './worker-pool.js';
export { checkSignature } from './signature-check.js';
export { mlflowErrorReply } from './scoring-types.js';
export type { ScoringReply, ScoringRequest } from './scoring-types.js';
export { renderServingMetrics, EndpointMetrics } from './serving-metrics.js';

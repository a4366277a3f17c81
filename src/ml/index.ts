/** ML: experiment tracking and the model registry behind the MLflow REST API, artifacts, promotion. */
export { createMlflowService } from './mlflow-service.js';
export type { MlflowService, MlflowServiceOptions, MlflowRoute } from './mlflow-service.js';
export { ArtifactFolder, proxiedArtifactPath } from './artifact-folder.js';
export { FileStoreArtifacts } from './file-store-artifacts.js';
export { copyArtifacts } from './artifact-store.js';
export type { ArtifactFileInfo, ArtifactStore } from './artifact-store.js';
export { parseSearchFilter, parseOrderBy } from './search-filter.js';
export type { MlflowInput } from './request-input.js';
export { requestPromotion, approvePromotion, aliasHistory, rollbackAlias } from './promotion.js';
export type { PromotionContext, PromoteRequest, AliasHistoryEntry } from './promotion.js';
export { registerMlflowHttp } from './mlflow-http.js';
export type { MlflowHttpOptions } from './mlflow-http.js';
export { serveMlflow } from './mlflow-run-server.js';
export type { MlflowRunServer } from './mlflow-run-server.js';
export { toMlflowError } from './mlflow-errors.js';
export type { HttpFallback, MlflowErrorResponse } from './mlflow-errors.js';

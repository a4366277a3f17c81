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

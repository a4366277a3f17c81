import type { ActivityContext, ActivityExecutor } from '../../contracts/index.js';
import type { JsonValue, ResourceReference } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import {
  EFFECTIVE_INTEGRATION_RUNTIME,
  requireDataAccess,
  requireDataPlane,
  userError,
} from '../copy/index.js';
import { getMetadata } from './get-metadata-data.js';

/** The GetMetadata activity (https://learn.microsoft.com/azure/data-factory/control-flow-get-metadata-activity). */
export const getMetadataActivity: ActivityExecutor = {
  type: 'GetMetadata',
  async execute(ctx: ActivityContext): Promise<JsonValue> {
    const data = requireDataAccess(ctx);
    const dataPlane = requireDataPlane(ctx);
    const tp = ctx.typeProperties();
    if (!isJsonObject(tp) || !isJsonObject(tp['dataset'])) {
      throw userError(
        'get-metadata/invalid-setting',
        `GetMetadata ${ctx.activity.name}: typeProperties.dataset is required`,
      );
    }
    const ds = await data.dataset(tp['dataset'] as unknown as ResourceReference);
    return {
      ...(await getMetadata(dataPlane, ds, tp, ctx.signal)),
      effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
    };
  },
};

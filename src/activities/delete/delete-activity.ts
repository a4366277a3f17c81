import type { ActivityContext, ActivityExecutor } from '../../contracts/index.js';
import type { JsonValue, ResourceReference } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import {
  EFFECTIVE_INTEGRATION_RUNTIME,
  logStoreResolver,
  requireDataAccess,
  requireDataPlane,
  userError,
} from '../copy/index.js';
import { deleteData } from './delete-data.js';

/** The Delete activity (https://learn.microsoft.com/azure/data-factory/delete-activity). */
export const deleteActivity: ActivityExecutor = {
  type: 'Delete',
  async execute(ctx: ActivityContext): Promise<JsonValue> {
    const data = requireDataAccess(ctx);
    const dataPlane = requireDataPlane(ctx);
    const tp = ctx.typeProperties();
    if (!isJsonObject(tp) || !isJsonObject(tp['dataset'])) {
      throw userError(
        'delete/invalid-setting',
        `Delete ${ctx.activity.name}: typeProperties.dataset is required`,
      );
    }
    const ds = await data.dataset(tp['dataset'] as unknown as ResourceReference);
    const out = await deleteData(dataPlane, ds, tp, {
      activityRunId: ctx.activityRunId,
      logStore: logStoreResolver(data),
      signal: ctx.signal,
    });
    return { ...out, effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME };
  },
};

import type { ActivityContext, ActivityExecutor } from '../../contracts/index.js';
import type { JsonValue, ResourceReference } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import {
  EFFECTIVE_INTEGRATION_RUNTIME,
  bindAny,
  requireDataAccess,
  requireDataPlane,
  userError,
} from '../copy/index.js';
import { lookupData } from './lookup-data.js';

/** The Lookup activity (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity). */
export const lookupActivity: ActivityExecutor = {
  type: 'Lookup',
  async execute(ctx: ActivityContext): Promise<JsonValue> {
    const data = requireDataAccess(ctx);
    const dataPlane = requireDataPlane(ctx);
    const tp = ctx.typeProperties();
    if (!isJsonObject(tp) || !isJsonObject(tp['dataset'])) {
      throw userError(
        'lookup/invalid-setting',
        `Lookup ${ctx.activity.name}: typeProperties.dataset is required`,
      );
    }
    const ds = await bindAny(data, tp['dataset'] as unknown as ResourceReference);
    return {
      ...(await lookupData(dataPlane, ds, tp, ctx.signal)),
      effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
    };
  },
};

import type { ActivityDefinition } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import {
  EFFECTIVE_INTEGRATION_RUNTIME,
  logStoreResolver,
  requireDataAccess,
  requireDataPlane,
  userError,
} from '../copy/index.js';
import { defineActivity } from '../define-activity.js';
import { deleteData } from './delete-data.js';
import type { DeleteSettings } from './delete-settings.js';
import { deleteType } from './delete-type.js';

/** The Delete activity (https://learn.microsoft.com/azure/data-factory/delete-activity). */
export const deleteDefinition: ActivityDefinition<DeleteSettings> = {
  ...deleteType,
  settings: lazySchema(async () => (await import('./delete-settings.js')).deleteSettingsSchema),
  async execute(ctx, settings) {
    const data = requireDataAccess(ctx);
    const dataPlane = requireDataPlane(ctx);
    if (!settings.dataset) {
      throw userError(
        'delete/invalid-setting',
        `Delete ${ctx.activity.name}: typeProperties.dataset is required`,
      );
    }
    const ds = await data.dataset(settings.dataset);
    const out = await deleteData(dataPlane, ds, settings, {
      activityRunId: ctx.activityRunId,
      logStore: logStoreResolver(data),
      signal: ctx.signal,
    });
    return { ...out, effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME };
  },
};

export const deleteActivity = defineActivity(deleteDefinition);

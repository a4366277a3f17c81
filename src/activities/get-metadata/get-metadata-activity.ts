import type { ActivityDefinition } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import {
  EFFECTIVE_INTEGRATION_RUNTIME,
  requireDataAccess,
  requireDataPlane,
  userError,
} from '../copy/index.js';
import { defineActivity } from '../define-activity.js';
import { getMetadata } from './get-metadata-data.js';
import type { GetMetadataSettings } from './get-metadata-settings.js';
import { getMetadataType } from './get-metadata-type.js';

/** The GetMetadata activity (https://learn.microsoft.com/azure/data-factory/control-flow-get-metadata-activity). */
export const getMetadataDefinition: ActivityDefinition<GetMetadataSettings> = {
  ...getMetadataType,
  settings: lazySchema(async () => (await import('./get-metadata-settings.js')).getMetadataSettingsSchema),
  async execute(ctx, settings) {
    const data = requireDataAccess(ctx);
    const dataPlane = requireDataPlane(ctx);
    if (!settings.dataset) {
      throw userError(
        'get-metadata/invalid-setting',
        `GetMetadata ${ctx.activity.name}: typeProperties.dataset is required`,
      );
    }
    const ds = await data.dataset(settings.dataset);
    return {
      ...(await getMetadata(dataPlane, ds, settings, ctx.signal)),
      effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
    };
  },
};

export const getMetadataActivity = defineActivity(getMetadataDefinition);

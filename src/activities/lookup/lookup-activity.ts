import type { ActivityDefinition } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import {
  EFFECTIVE_INTEGRATION_RUNTIME,
  bindAny,
  requireDataAccess,
  requireDataPlane,
  userError,
} from '../copy/index.js';
import { defineActivity } from '../define-activity.js';
import { lookupData } from './lookup-data.js';
import type { LookupSettings } from './lookup-settings.js';
import { lookupType } from './lookup-type.js';

/** The Lookup activity (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity). */
export const lookupDefinition: ActivityDefinition<LookupSettings> = {
  ...lookupType,
  settings: lazySchema(async () => (await import('./lookup-settings.js')).lookupSettingsSchema),
  async execute(ctx, settings) {
    const data = requireDataAccess(ctx);
    const dataPlane = requireDataPlane(ctx);
    if (!settings.dataset) {
      throw userError(
        'lookup/invalid-setting',
        `Lookup ${ctx.activity.name}: typeProperties.dataset is required`,
      );
    }
    const ds = await bindAny(data, settings.dataset);
    return {
      ...(await lookupData(dataPlane, ds, settings, ctx.signal)),
      effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
    };
  },
};

export const lookupActivity = defineActivity(lookupDefinition);

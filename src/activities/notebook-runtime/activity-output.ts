import type { JsonObject } from '../../model/index.js';
import type { LocalComputeSettings } from './local-compute-settings.js';

/**
 * The fields ADF puts in the output of every external (compute) activity: `effectiveIntegrationRuntime`,
 * `executionDuration` (whole seconds), `durationInQueue` and `billingReference` (hours, as ADF bills).
 */
export function externalActivityOutput(durationMs: number, settings: LocalComputeSettings): JsonObject {
  return {
    effectiveIntegrationRuntime: settings.integrationRuntime ?? 'Millrace (local)',
    executionDuration: Math.round(durationMs / 1000),
    durationInQueue: { integrationRuntimeQueue: 0 },
    billingReference: {
      activityType: 'ExternalActivity',
      billableDuration: [
        { meterType: 'AzureIR', duration: Number((durationMs / 3_600_000).toFixed(4)), unit: 'Hours' },
      ],
    },
  };
}

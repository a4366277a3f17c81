import { z } from 'zod';
import { resourceReference } from '../settings-schemas.js';

/**
 * `typeProperties` of a GetMetadata activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/control-flow-get-metadata-activity#type-properties).
 */
export const getMetadataSettingsSchema = z.looseObject({
  /** Required; its absence fails with `get-metadata/invalid-setting` (as `validate` reports it). */
  dataset: resourceReference.optional(),
  /** The fields to return, as text (`itemName`, `childItems` …); none when absent. */
  fieldList: z
    .unknown()
    .optional()
    .transform((v): string[] => (Array.isArray(v) ? v.map(String) : [])),
  /** `modifiedDatetimeStart`/`End` filter `childItems`. */
  storeSettings: z.unknown().optional(),
});

export type GetMetadataSettings = z.output<typeof getMetadataSettingsSchema>;

import { z } from 'zod';
import { jsonObject, onlyTrue, resourceReference } from '../settings-schemas.js';

/**
 * `typeProperties` of a Delete activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/delete-activity#type-properties).
 */
export const deleteSettingsSchema = z.looseObject({
  /** Required; its absence fails with `delete/invalid-setting` (as `validate` reports it). */
  dataset: resourceReference.optional(),
  /** `recursive` (default false), wildcards, `modifiedDatetimeStart`/`End`. */
  storeSettings: z.unknown().optional(),
  enableLogging: onlyTrue,
  /** Where the log CSV goes (`linkedServiceName`, `path`); used with `enableLogging`. */
  logStorageSettings: z
    .unknown()
    .optional()
    .transform((v) => jsonObject.safeParse(v).data),
});

export type DeleteSettings = z.output<typeof deleteSettingsSchema>;

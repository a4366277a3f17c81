import { z } from 'zod';
import { objectOrEmpty, resourceReference } from '../settings-schemas.js';

/**
 * `typeProperties` of a Lookup activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity#type-properties).
 */
export const lookupSettingsSchema = z.looseObject({
  /** Required; its absence fails with `lookup/invalid-setting` (as `validate` reports it). */
  dataset: resourceReference.optional(),
  /** The source's `storeSettings`, `formatSettings`, `sqlReaderQuery`/`query`. */
  source: objectOrEmpty,
  /** Default true; only `false` (or `"false"`) returns every row. */
  firstRowOnly: z
    .unknown()
    .optional()
    .transform((v) => v !== false && v !== 'false'),
});

export type LookupSettings = z.output<typeof lookupSettingsSchema>;

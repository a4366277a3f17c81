import type { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { deleteType } from './delete-type.js';

/**
 * `typeProperties` of a Delete activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/delete-activity#type-properties), derived from the shape
 * `validate` checks (`delete-type.ts`). `storeSettings` (`recursive`, wildcards, `modifiedDatetimeStart`/`End`)
 * is read as it is by the data plane.
 */
export const deleteSettingsSchema = evaluatedSettingsSchema(deleteType.typeProperties);

export type DeleteSettings = z.output<typeof deleteSettingsSchema>;

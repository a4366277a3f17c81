import { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { getMetadataType } from './get-metadata-type.js';

/**
 * `typeProperties` of a GetMetadata activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/control-flow-get-metadata-activity#type-properties), derived
 * from the shape `validate` checks (`get-metadata-type.ts`). `storeSettings` (`modifiedDatetimeStart`/`End`
 * filter `childItems`) is read as it is by the data plane.
 */
export const getMetadataSettingsSchema = evaluatedSettingsSchema(getMetadataType.typeProperties, {
  /** The fields, as text. */
  fieldList: z.array(z.unknown()).transform((v): string[] => v.map(String)),
});

export type GetMetadataSettings = z.output<typeof getMetadataSettingsSchema>;

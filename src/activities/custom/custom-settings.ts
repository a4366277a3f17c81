import type { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { customType } from './custom-type.js';

/**
 * `typeProperties` of a Custom activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/transform-data-using-custom-activity#custom-activity-properties), derived from the shape
 * `validate` checks (`custom-type.ts`).
 */
export const customSettingsSchema = evaluatedSettingsSchema(customType.typeProperties);

export type CustomSettings = z.output<typeof customSettingsSchema>;

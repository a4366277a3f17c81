import type { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { copyType } from './copy-type.js';

/**
 * `typeProperties` of a Copy activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/copy-activity-overview#syntax), derived from the shape
 * `validate` checks (`copy-type.ts`).
 */
export const copySettingsSchema = evaluatedSettingsSchema(copyType.typeProperties);

export type CopySettings = z.output<typeof copySettingsSchema>;

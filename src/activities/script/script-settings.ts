import type { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { scriptType } from './script-type.js';

/**
 * `typeProperties` of a Script activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/transform-data-using-script#syntax-details), derived from the
 * shape `validate` checks (`script-type.ts`); what it leaves to the executor is read in `script-blocks.ts`.
 */
export const scriptSettingsSchema = evaluatedSettingsSchema(scriptType.typeProperties);

export type ScriptSettings = z.output<typeof scriptSettingsSchema>;

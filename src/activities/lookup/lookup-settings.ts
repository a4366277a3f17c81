import type { z } from 'zod';
import { evaluatedSettingsSchema } from '../evaluated-settings-schema.js';
import { lookupType } from './lookup-type.js';

/**
 * `typeProperties` of a Lookup activity, evaluated by the engine
 * (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity#type-properties), derived from
 * the shape `validate` checks (`lookup-type.ts`).
 */
export const lookupSettingsSchema = evaluatedSettingsSchema(lookupType.typeProperties);

export type LookupSettings = z.output<typeof lookupSettingsSchema>;

import { z } from 'zod';
import type { JsonObject, ResourceReference } from '../model/index.js';
import { isJsonObject } from '../model/index.js';

/**
 * Zod pieces the settings schemas derived from `typeProperties` shapes share (`evaluated-settings-schema.ts`,
 * loaded through `lazySchema` so zod loads only when such an activity runs). Settings arrive evaluated by the
 * engine.
 */

/** A JSON object with any properties. */
export const jsonObject = z.custom<JsonObject>((v) => isJsonObject(v), { error: 'expected an object' });

/** A dataset or linked-service reference as the engine evaluated it: `referenceName` is a value. */
export const resourceReference: z.ZodType<ResourceReference> = z.looseObject({
  referenceName: z.string(),
  type: z.string(),
  parameters: jsonObject.optional(),
});

import { z } from 'zod';
import type { JsonObject, ResourceReference } from '../model/index.js';
import { isJsonObject } from '../model/index.js';

/**
 * Zod pieces the built-in activities' settings schemas share (`<name>-settings.ts`, loaded through
 * `lazySchema` so zod loads only when such an activity runs). Settings arrive evaluated by the engine.
 */

/** A JSON object with any properties. */
export const jsonObject = z.custom<JsonObject>((v) => isJsonObject(v), { error: 'expected an object' });

/** A dataset or linked-service reference as the engine evaluated it: `referenceName` is a value. */
export const resourceReference: z.ZodType<ResourceReference> = z.looseObject({
  referenceName: z.string(),
  type: z.string(),
  parameters: jsonObject.optional(),
});

/** A nested settings object as the executors read it: the object, or `{}` when absent or not an object. */
export const objectOrEmpty = z
  .unknown()
  .optional()
  .transform((v): JsonObject => (isJsonObject(v) ? v : {}));

/** A flag that is on only when it is `true` (ADF's `enableLogging`, `recursive` of Delete's store settings …). */
export const onlyTrue = z
  .unknown()
  .optional()
  .transform((v) => v === true);

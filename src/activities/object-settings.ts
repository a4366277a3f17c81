import type { ValueSchema } from '../contracts/index.js';
import { lazySchema } from '../contracts/index.js';
import type { JsonObject } from '../model/index.js';

/**
 * The settings schema of the built-ins that read their nested settings themselves, with their own error
 * codes (Copy, Script, DatabricksNotebook, DatabricksSparkPython, Custom): `typeProperties` as a JSON object.
 * Zod loads on the first parse.
 */
export const objectSettings: ValueSchema<JsonObject> = lazySchema(
  async () => (await import('./settings-schemas.js')).jsonObject,
);

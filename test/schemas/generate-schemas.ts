/**
 * `npm run schemas`: writes schemas/*.schema.json from the zod schemas of src/model, activities' typeProperties
 * from the shapes of ADF's types and of the built-in activity definitions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinActivityTypeProperties } from '../../src/activities/builtin-types.js';
import { generateJsonSchemas } from '../../src/model/schemas/index.js';

const dir = path.resolve(import.meta.dirname, '..', '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(generateJsonSchemas(builtinActivityTypeProperties)))
  writeFileSync(path.join(dir, `${name}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinActivityTypeProperties } from '../../src/activities/builtin-types.js';
import { generateJsonSchemas } from '../../src/model/schemas/index.js';

describe('committed JSON Schema files', () => {
  const dir = path.resolve(import.meta.dirname, '..', '..', 'schemas');
  for (const [name, schema] of Object.entries(generateJsonSchemas(builtinActivityTypeProperties)))
    it(`schemas/${name}.schema.json is up to date (run npm run schemas)`, () => {
      const committed: unknown = JSON.parse(readFileSync(path.join(dir, `${name}.schema.json`), 'utf8'));
      expect(committed).toEqual(JSON.parse(JSON.stringify(schema)));
    });
});

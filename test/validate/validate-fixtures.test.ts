import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFolder } from './fixture-diagnostics.js';

const root = path.resolve(import.meta.dirname, '..', 'fixtures', 'pipelines');
const update = process.env['UPDATE_FIXTURES'] === '1';

describe('valid fixtures validate clean', () => {
  for (const name of readdirSync(path.join(root, 'valid'))) {
    it(`valid/${name} has no findings`, async () => {
      const { diagnostics } = await validateFolder(path.join(root, 'valid', name));
      expect(diagnostics).toEqual([]);
    });
  }
});

describe('each invalid fixture reports exactly its expected findings', () => {
  for (const rule of readdirSync(path.join(root, 'invalid'))) {
    it(`invalid/${rule}`, async () => {
      const dir = path.join(root, 'invalid', rule);
      const { findings } = await validateFolder(dir);
      const expectedFile = path.join(dir, 'expected.json');
      if (update || !existsSync(expectedFile))
        writeFileSync(expectedFile, `${JSON.stringify(findings, null, 2)}\n`);
      const expected: unknown = JSON.parse(readFileSync(expectedFile, 'utf8'));
      expect(findings).toEqual(expected);
      // Every fixture is named after a rule it breaks.
      expect(
        findings.some(
          (f) => f.code.endsWith(`/${rule}`) || f.code.endsWith(`/${rule.replace(/^expression-/, '')}`),
        ),
      ).toBe(true);
    });
  }
});

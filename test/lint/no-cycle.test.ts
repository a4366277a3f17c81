import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('eslint.config.js import-x/no-cycle', () => {
  it('rejects a two-file value cycle between .ts files', async () => {
    // ignore: false because the project config keeps test/fixtures/lint/ out of `npm run lint`.
    const eslint = new ESLint({ cwd: root, ignore: false });
    const results = await eslint.lintFiles([
      'test/fixtures/lint/cycle/cycle-a.ts',
      'test/fixtures/lint/cycle/cycle-b.ts',
    ]);
    const cycles = results
      .filter((r) => r.messages.some((m) => m.ruleId === 'import-x/no-cycle'))
      .map((r) => r.filePath.split('/').pop());
    expect(cycles.sort()).toEqual(['cycle-a.ts', 'cycle-b.ts']);
  }, 120_000);
});

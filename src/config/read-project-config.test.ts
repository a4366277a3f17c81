import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from './project-config.js';
import { readProjectConfig } from './read-project-config.js';

const atom = fc.constantFrom<unknown>('', 'factory', '/Shared/x', '/mnt/raw', 'x', 1, true, null, [], {});
const folderMap = fc.dictionary(fc.constantFrom('/Shared/team', 'team', '/mnt/raw', 'mnt/x', ''), atom, {
  maxKeys: 2,
});
const file = fc.dictionary(
  fc.constantFrom('factory', 'notebooks', 'dbfs', 'python', 'environments', 'other'),
  fc.oneof(
    atom,
    folderMap,
    fc.dictionary(fc.constantFrom('root', 'mounts', 'other'), fc.oneof(atom, folderMap), { maxKeys: 2 }),
  ),
  { maxKeys: 5 },
);

function outcome(run: () => unknown): unknown {
  try {
    return { ok: run() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

describe('readProjectConfig', () => {
  it('gives what the zod schema gives: the same config, or the same error', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (json) => {
        const text = JSON.stringify(json);
        const expected = outcome(() => parseProjectConfig(text));
        let actual: unknown;
        try {
          actual = { ok: await readProjectConfig(text) };
        } catch (err) {
          actual = { error: err instanceof Error ? err.message : String(err) };
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('reports invalid JSON like parseProjectConfig', async () => {
    await expect(readProjectConfig('{')).rejects.toMatchObject({ code: 'config/invalid-json' });
  });
});

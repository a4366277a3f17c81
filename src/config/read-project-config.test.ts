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

describe('millrace.json Python and DBFS source settings', () => {
  it('reads pythonRequirements and dbfs.sources', async () => {
    const text = JSON.stringify({
      pythonRequirements: 'reqs/notebooks.txt',
      dbfs: {
        mounts: { '/mnt/raw': 'data/raw' },
        sources: { '/mnt/raw': 'abfss://raw@acct.dfs.core.windows.net/' },
      },
    });
    expect(await readProjectConfig(text)).toMatchObject({
      pythonRequirements: 'reqs/notebooks.txt',
      dbfs: { sources: { '/mnt/raw': 'abfss://raw@acct.dfs.core.windows.net/' } },
    });
  });

  it('rejects a source that is not an Azure storage URL, naming the field', async () => {
    const text = JSON.stringify({ dbfs: { sources: { '/mnt/raw': 's3://bucket/' } } });
    await expect(readProjectConfig(text)).rejects.toThrow(
      'millrace.json: dbfs.sources./mnt/raw: sources are abfss:// or wasbs:// URLs',
    );
  });
});

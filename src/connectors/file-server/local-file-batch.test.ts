import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from './local-file-store.js';

// Issue 15, item 7: a multi-file write commits as one step. A real process writes a batch and is killed with
// SIGKILL in the middle of its commit (or before it): the next process that opens the store sees all the files
// or none, and no temp file of the dead writer stays behind.

const dir = mkdtempSync(join(tmpdir(), 'millrace-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const writer = join(dir, 'writer.mts');
writeFileSync(
  writer,
  `import { writeFile } from 'node:fs/promises';
import { LocalFileStore } from ${JSON.stringify(join(import.meta.dirname, 'local-file-store.ts'))};
const [root, count, killAt, phase] = process.argv.slice(2);
const store = new LocalFileStore(root);
const batch = store.openBatch({
  onCommitStep: (n) => { if (n === Number(killAt)) process.kill(process.pid, 'SIGKILL'); },
});
for (let i = 0; i < Number(count); i++) {
  const h = await batch.store.openWriteLocal!('out/part-' + String(i).padStart(4, '0') + '.csv');
  await writeFile(h.localPath, 'row ' + i + '\\n');
  await h.commit();
}
if (phase === 'before-commit') process.kill(process.pid, 'SIGKILL');
await batch.commit();
`,
);

function runWriter(
  root: string,
  count: number,
  killAt: number,
  phase: string,
): Promise<NodeJS.Signals | null> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', writer, root, String(count), String(killAt), phase],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

const visible = (folder: string): string[] =>
  readdirSync(folder).filter((n) => !n.startsWith('.millrace-tmp-'));

describe('LocalFileStore.openBatch', () => {
  it('a writer killed half-way through its commit: the next open shows every file, not the half it renamed', async () => {
    const root = join(dir, 'mid');
    expect(await runWriter(root, 300, 50, 'commit')).toBe('SIGKILL');
    // What the crash left on disk: 50 files renamed, 250 still temp files, and the journal.
    expect(visible(join(root, 'out'))).toHaveLength(50);
    const files = await new LocalFileStore(root).list('out');
    expect(files.map((f) => f.name)).toHaveLength(300);
    for (const i of [0, 49, 50, 299]) {
      const name = `part-${String(i).padStart(4, '0')}.csv`;
      expect(readFileSync(join(root, 'out', name), 'utf8')).toBe(`row ${i}\n`);
    }
    expect(readdirSync(join(root, 'out')).filter((n) => n.startsWith('.millrace-tmp-'))).toEqual([]);
    expect(readdirSync(root).filter((n) => n.startsWith('.millrace-tmp-'))).toEqual([]);
  });

  it('a writer killed before its commit: no file becomes visible, and its temp files are removed', async () => {
    const root = join(dir, 'before');
    expect(await runWriter(root, 20, -1, 'before-commit')).toBe('SIGKILL');
    expect(readdirSync(join(root, 'out')).filter((n) => n.startsWith('.millrace-tmp-'))).toHaveLength(20);
    expect(await new LocalFileStore(root).list('out')).toEqual([]);
    expect(readdirSync(join(root, 'out'))).toEqual([]);
  });

  it('a batch commit in a live process makes every file visible, and nothing before it', async () => {
    const store = new LocalFileStore(join(dir, 'live'));
    const batch = store.openBatch();
    for (const name of ['a.csv', 'b.csv']) {
      const h = await batch.store.openWrite(`out/${name}`);
      h.stream.end(name);
      await h.commit();
    }
    expect(await store.list('out')).toEqual([]);
    await batch.commit();
    expect((await store.list('out')).map((f) => f.name)).toEqual(['a.csv', 'b.csv']);
  });
});

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCopyStagingDir } from './copy-temp.js';

// Issue 15, item 7: the local staging folder of a Copy killed with SIGKILL (downloaded sources, sink files before
// their upload: up to hundreds of MB) is removed when the next Copy starts; a live copy's folder is kept.
const dir = mkdtempSync(join(tmpdir(), 'millrace-staging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stager = join(dir, 'stager.mts');
writeFileSync(
  stager,
  `import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCopyStagingDir } from ${JSON.stringify(join(import.meta.dirname, 'copy-temp.ts'))};
const [root, kind, end] = process.argv.slice(2);
const staging = await makeCopyStagingDir(kind, root);
writeFileSync(join(staging, 'staged.csv'), 'a,b\\n1,2\\n');
console.log('staged');
// Every stager stages before any dies (a new staging folder removes the dead ones'); then the killed die.
setInterval(() => {
  if (end === 'kill' && existsSync(join(root, 'go'))) process.kill(process.pid, 'SIGKILL');
}, 10);
`,
);

/** Starts a process that stages a file, then stays alive (`live`) or kills itself once `root/go` exists. */
function stage(root: string, kind: string, end: 'kill' | 'live') {
  const child = spawn(process.execPath, ['--import', 'tsx', stager, root, kind, end], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
  const staged = new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
  return { child, exited, staged };
}

describe('makeCopyStagingDir', () => {
  it('removes the staging folders of killed copies, keeps a live copy’s and unrelated folders', async () => {
    const root = join(dir, 'tmp');
    mkdirSync(root, { recursive: true });
    const killed = [stage(root, 'copy', 'kill'), stage(root, 'tcopy', 'kill')];
    const live = stage(root, 'copy', 'live');
    await Promise.all([...killed, live].map((p) => p.staged));
    writeFileSync(join(root, 'go'), '');
    for (const k of killed) expect(await k.exited).toBe('SIGKILL');
    rmSync(join(root, 'go'));
    writeFileSync(join(root, 'millrace-copy-unrelated'), 'not a staging folder');
    const before = readdirSync(root).filter((n) => /^millrace-t?copy-\d+-/.test(n));
    expect(before).toHaveLength(3);

    const mine = await makeCopyStagingDir('copy', root);
    live.child.kill('SIGKILL');
    await live.exited;

    const after = readdirSync(root);
    const of = (kind: string, pid: number | undefined) =>
      after.filter((n) => n.startsWith(`millrace-${kind}-${pid}-`));
    expect(of('copy', killed[0]!.child.pid)).toEqual([]);
    expect(of('tcopy', killed[1]!.child.pid)).toEqual([]);
    const kept = of('copy', live.child.pid);
    expect(kept).toHaveLength(1);
    expect(readdirSync(join(root, kept[0]!))).toEqual(['staged.csv']);
    expect(after).toContain('millrace-copy-unrelated');
    expect(mine.startsWith(join(root, `millrace-copy-${process.pid}-`))).toBe(true);
    expect(after).toHaveLength(3);
  });
});

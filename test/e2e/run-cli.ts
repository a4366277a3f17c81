import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The repository root. */
export const repo = path.resolve(import.meta.dirname, '..', '..');
/** The built CLI (`npm run build`; `npm test` builds first). */
export const cli = path.join(repo, 'dist', 'cli', 'main.js');

/** Runs the built CLI in `cwd` without colours and returns its exit status and output. */
export function runCli(
  cwd: string,
  args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

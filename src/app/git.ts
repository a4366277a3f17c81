import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `git <args>` in `cwd`; its trimmed stdout, or undefined when git fails (no repo, no git). */
export async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return (await run('git', args, { cwd })).stdout.trim();
  } catch {
    return undefined;
  }
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Runs `git <args>` in `cwd`; its trimmed stdout, or undefined when git fails (no repo, no git). */
export async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    // Promisified at the call, not at import: child_process then loads only when git is asked.
    return (await promisify(execFile)('git', args, { cwd })).stdout.trim();
  } catch {
    return undefined;
  }
}

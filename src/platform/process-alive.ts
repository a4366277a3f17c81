import { readFileSync } from 'node:fs';

/** Linux: a zombie (exited, not yet reaped by its parent) still answers signal 0, but runs nothing. */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state …`: comm may hold spaces and parentheses, so the state follows the last `)`.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * Whether a process of this host exists and runs: signal 0 checks without sending anything (POSIX `kill(2)`;
 * Node emulates it on Windows). `EPERM` means it exists but belongs to another user, so it counts as alive; a
 * zombie (exited, its parent gone or not yet reaping it) does not.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

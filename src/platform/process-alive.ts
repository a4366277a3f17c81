/**
 * Whether a process of this host exists: signal 0 checks without sending anything (POSIX `kill(2)`; Node
 * emulates it on Windows). `EPERM` means it exists but belongs to another user, so it counts as alive.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Facts about and durable use of the operating system that stores, locks, caches and sinks share (a leaf: imports nothing of the project). */
export { isProcessAlive } from './process-alive.js';
export { commitDurably, syncDir, syncFile, writeFileDurably } from './durable-files.js';
export {
  isReaperAlive,
  killGroupWithThisProcess,
  REAPER_GRACE_MS,
  spawnWithReaper,
} from './process-reaper.js';
export type { GuardedChild } from './process-reaper.js';

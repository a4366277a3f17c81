import { hostname } from 'node:os';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import type { DeployLock } from '../../contracts/index.js';
import { isProcessAlive } from '../../platform/index.js';
import { ConfigError } from '../../errors/index.js';

/** Options of `acquireDeployLock`. */
export interface DeployLockOptions {
  /** How long to wait for another deploy to finish (ms). Default 0: fail at once. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  /** For the message: the environment. */
  readonly environment: string;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly at: string;
}

/** A lock whose writer died before writing its content is stale after this long. */
const UNREADABLE_STALE_MS = 10_000;

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** True when the lock's process is gone (same host, pid not alive) or its content never got written. */
async function isStale(file: string): Promise<boolean> {
  const holder = await readHolder(file);
  if (holder) return holder.host === hostname() && !isProcessAlive(holder.pid);
  const s = await stat(file).catch(() => undefined);
  return s !== undefined && Date.now() - s.mtimeMs > UNREADABLE_STALE_MS;
}

async function tryCreate(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx'); // O_CREAT | O_EXCL: exactly one process wins
    const holder: Holder = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
    await handle.writeFile(JSON.stringify(holder));
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Takes an environment's deploy lock: a file created with O_EXCL holding `{pid, host, at}`. A lock left by a
 * dead process on this host is stale and taken over (moved aside first, so two takers cannot both win).
 * Waits up to `waitMs`, then throws ConfigError `deploy/locked` naming the holder.
 */
export async function acquireDeployLock(file: string, options: DeployLockOptions): Promise<DeployLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    if (await tryCreate(file)) break;
    if (await isStale(file)) {
      const aside = `${file}.stale-${process.pid}-${Date.now()}`;
      await rename(file, aside).then(
        () => rm(aside, { force: true }),
        () => undefined,
      );
      continue;
    }
    if (Date.now() >= deadline) {
      const h = await readHolder(file);
      throw new ConfigError({
        code: 'deploy/locked',
        message: `another deploy to ${options.environment} is running${h ? ` (pid ${h.pid} on ${h.host}, since ${h.at})` : ''}; lock ${file}`,
        hint: 'wait for it to finish; a lock left by a dead process is taken over automatically',
      });
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const h = await readHolder(file);
      if (h?.pid === process.pid) await rm(file, { force: true });
    },
  };
}

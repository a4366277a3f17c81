import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '../platform/index.js';

/** Marker written last into a finished environment; a folder without it is an interrupted build. */
export const COMPLETE_MARKER = '.complete';
/** Metadata file of an environment. */
export const ENV_INFO_FILE = 'millrace-env.json';

/** What `millrace python envs` shows of one cached environment. */
export interface CachedEnvironment {
  readonly key: string;
  readonly dir: string;
  readonly interpreter: string;
  readonly baseInterpreter: string;
  readonly requirements: readonly string[];
  readonly createdAt: string;
  /** Last time a run used it (the marker's modification time). */
  readonly lastUsedAt: string;
  readonly complete: boolean;
}

/** The interpreter inside an environment folder. */
export function envInterpreter(dir: string): string {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python');
}

/** The interpreter of a finished environment, marking it used; undefined when there is none. */
export function reuseEnvironment(cacheDir: string, key: string): string | undefined {
  const dir = join(cacheDir, key);
  const marker = join(dir, COMPLETE_MARKER);
  if (!existsSync(marker)) return undefined;
  const now = new Date();
  utimesSync(marker, now, now);
  return envInterpreter(dir);
}

/** A lock older than this with no readable owner is taken as abandoned. */
const STALE_LOCK_MS = 30 * 60_000;

/**
 * Takes the build lock of one environment (a `<key>.lock` folder: `mkdir` is atomic), waiting while another
 * live process holds it. A lock whose process is gone is broken. Returns the release function.
 */
export async function lockEnvironment(
  cacheDir: string,
  key: string,
  onWait: () => void,
  signal?: AbortSignal,
): Promise<() => void> {
  mkdirSync(cacheDir, { recursive: true });
  const lock = join(cacheDir, `${key}.lock`);
  let waited = false;
  for (;;) {
    signal?.throwIfAborted();
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: number | undefined;
    try {
      owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      owner = undefined;
    }
    const age = (() => {
      try {
        return Date.now() - statSync(lock).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if (
      (owner !== undefined && owner > 0 && !isProcessAlive(owner)) ||
      (owner === undefined && age > STALE_LOCK_MS)
    ) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!waited) onWait();
    waited = true;
    await sleep(250, undefined, signal ? { signal } : {});
  }
}

/** Every environment folder in the cache, newest use first (interrupted builds included, `complete: false`). */
export function listEnvironments(cacheDir: string): CachedEnvironment[] {
  if (!existsSync(cacheDir)) return [];
  const out: CachedEnvironment[] = [];
  for (const entry of readdirSync(cacheDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.endsWith('.lock')) continue;
    const dir = join(cacheDir, entry.name);
    const marker = join(dir, COMPLETE_MARKER);
    const complete = existsSync(marker);
    let info: { baseInterpreter?: string; requirements?: string[]; createdAt?: string } = {};
    try {
      info = JSON.parse(readFileSync(join(dir, ENV_INFO_FILE), 'utf8')) as typeof info;
    } catch {
      // an interrupted build may have no metadata yet
    }
    const stat = statSync(complete ? marker : dir);
    out.push({
      key: entry.name,
      dir,
      interpreter: envInterpreter(dir),
      baseInterpreter: info.baseInterpreter ?? '',
      requirements: info.requirements ?? [],
      createdAt: info.createdAt ?? stat.birthtime.toISOString(),
      lastUsedAt: stat.mtime.toISOString(),
      complete,
    });
  }
  return out.sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
}

/**
 * Removes interrupted builds (no marker, no live lock) and environments not used for `unusedDays` days
 * (`0`: all). Returns the removed keys.
 */
export function pruneEnvironments(cacheDir: string, unusedDays: number, now = new Date()): string[] {
  const removed: string[] = [];
  const cutoff = now.getTime() - unusedDays * 86_400_000;
  for (const env of listEnvironments(cacheDir)) {
    const locked = existsSync(
      join(cacheDir, `${env.key.replace(/^\.build-/, '').replace(/-\d+$/, '')}.lock`),
    );
    if (locked) continue;
    if (!env.complete || unusedDays === 0 || Date.parse(env.lastUsedAt) < cutoff) {
      rmSync(env.dir, { recursive: true, force: true });
      removed.push(env.key);
    }
  }
  return removed;
}

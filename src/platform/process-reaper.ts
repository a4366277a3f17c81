import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess, IOType, SpawnOptions } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { delimiter, join as joinPath, resolve as resolvePath } from 'node:path';
import type { Writable } from 'node:stream';

/**
 * The reaper: a tiny process, started with the first process group this process launches, that kills those
 * groups when this process dies in any way (`kill -9` included), so no Custom command or notebook outlives its run.
 *
 * It reads `+<pgid>` / `-<pgid>` lines on stdin, a pipe only this process holds. The kernel closes the pipe when this
 * process exits, whatever the cause; on end of input the reaper sends SIGTERM to every group still registered, waits
 * the grace period, sends SIGKILL to those left, and exits. It runs in its own session, so a Ctrl-C or a hang-up of
 * the terminal, or a kill of this process's group, does not take it down with us. Its process title,
 * `millrace-reaper <parent pid>`, lets a later process see that the dead parent's work is still being stopped
 * ({@link isReaperAlive}).
 */
const REAPER_SOURCE = `
process.title = 'millrace-reaper ' + process.argv[2];
const grace = Number(process.argv[3]);
const groups = new Set();
let buf = '';
const kill = (sig) => { for (const g of groups) { try { process.kill(-g, sig); } catch { groups.delete(g); } } };
process.on('SIGINT', () => {}); process.on('SIGHUP', () => {}); process.on('SIGTERM', () => {});
process.stdin.on('data', (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
    const g = Number(line.slice(1));
    if (!Number.isInteger(g) || g <= 1) continue;
    if (line[0] === '+') groups.add(g); else groups.delete(g);
  }
});
process.stdin.on('end', () => {
  kill('SIGTERM');
  if (groups.size === 0) process.exit(0);
  const left = () => { for (const g of groups) { try { process.kill(-g, 0); } catch { groups.delete(g); } } return groups.size; };
  const poll = setInterval(() => { if (left() === 0) process.exit(0); }, 50);
  setTimeout(() => { clearInterval(poll); kill('SIGKILL'); process.exit(0); }, grace);
});
`;

/** Names the reaper in the process table: in its arguments from the start, in its title once it runs. */
const REAPER_MARK = 'millrace-reaper';

/** Time between the reaper's SIGTERM and SIGKILL of an orphaned group. */
export const REAPER_GRACE_MS = 2_000;

let reaper: ChildProcess | undefined;
let reaperFailed = false;

function startReaper(): ChildProcess | undefined {
  if (reaper || reaperFailed) return reaper;
  try {
    const child = spawn(
      process.execPath,
      ['-e', REAPER_SOURCE, REAPER_MARK, String(process.pid), String(REAPER_GRACE_MS)],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
        windowsHide: true,
        // Node options of the parent (loaders, inspectors) must not leak into the reaper.
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    child.once('error', () => {
      reaperFailed = true;
      reaper = undefined;
    });
    child.once('exit', () => {
      if (reaper === child) reaper = undefined;
    });
    child.stdin?.on('error', () => undefined);
    // Neither the reaper nor its pipe keeps this process alive.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    reaper = child;
  } catch {
    reaperFailed = true;
  }
  return reaper;
}

/**
 * Registers the process group of a child spawned `detached` (its own group leader) to be killed if this process
 * dies before the child; returns the call that unregisters it once the child has exited. A no-op on Windows,
 * where groups work differently.
 */
export function killGroupWithThisProcess(pgid: number | undefined): () => void {
  if (pgid === undefined || process.platform === 'win32') return () => undefined;
  const r = startReaper();
  if (!r?.stdin?.writable) return () => undefined;
  r.stdin.write(`+${pgid}\n`);
  return () => {
    if (reaper === r && r.stdin?.writable) r.stdin.write(`-${pgid}\n`);
  };
}

/**
 * True while the reaper of the process `pid` of this host is still stopping that process's children: the dead
 * process's work is not over yet, so its runs must not be rerun or marked ended. Linux and macOS (`ps`).
 */
export function isReaperAlive(pid: number): boolean {
  if (process.platform === 'win32') return false;
  let table: string;
  try {
    table = execFileSync('ps', ['-A', '-o', 'args='], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return false;
  }
  const mark = new RegExp(`(^|\\s)${REAPER_MARK} ${pid}(\\s|$)`);
  return table.split('\n').some((line) => mark.test(line));
}

/** A process spawned by {@link spawnWithReaper}: its group is registered; `unguard()` once it has exited. */
export interface GuardedChild {
  readonly child: ChildProcess;
  readonly unguard: () => void;
}

/**
 * The file `command` runs, found as spawn finds it (`/`-paths against `cwd`, else the child's `PATH`, else this
 * process's); undefined when there is none that can run.
 */
function findExecutable(command: string, cwd: string, pathVar: string | undefined): string | undefined {
  const runnable = (file: string): boolean => {
    try {
      accessSync(file, fsConstants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return runnable(resolvePath(cwd, command)) ? command : undefined;
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (dir !== '' && runnable(joinPath(dir, command))) return joinPath(dir, command);
  }
  return undefined;
}

/**
 * Spawns `command` as the leader of its own process group, registered with the reaper *before* it runs anything:
 * it starts as `/bin/sh` waiting on a gate pipe (the last stdio entry), and only once its group is registered does
 * this process open the gate, and the shell `exec`s the command in place (same pid, same group). If this process
 * dies before that, the gate reads end-of-file and the command never starts; so no command can kill this process
 * and outlive it unregistered. On Windows it is a plain spawn. Throws `ENOENT` (as spawn would report it) for a
 * command that cannot be found, since the shell, not spawn, would otherwise be the one to fail.
 */
export function spawnWithReaper(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { readonly cwd: string; readonly stdio: readonly IOType[] },
): GuardedChild {
  if (process.platform === 'win32') {
    const child = spawn(command, [...args], { ...options, stdio: [...options.stdio], windowsHide: true });
    return { child, unguard: () => undefined };
  }
  const env = options.env ?? process.env;
  // Looked up once, here, by spawn's own rule; the shell then execs that file (it needs no PATH of its own).
  const file = findExecutable(command, options.cwd, env['PATH'] ?? process.env['PATH']);
  if (file === undefined) {
    throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
  }
  const gateFd = options.stdio.length;
  const script = `IFS= read -r _ <&${gateFd} || exit 125; exec ${gateFd}<&-; exec "$0" "$@"`;
  const child = spawn('/bin/sh', ['-c', script, file, ...args], {
    ...options,
    stdio: [...options.stdio, 'pipe'],
    detached: true,
  });
  const unguard = killGroupWithThisProcess(child.pid);
  const gate = child.stdio[gateFd] as Writable | null | undefined;
  gate?.on('error', () => undefined);
  gate?.end('go\n');
  return { child, unguard };
}

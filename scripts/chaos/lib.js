// Shared helpers of the chaos scenarios (docs/chaos.md): the built CLI as real child processes in temp
// folders, a seeded PRNG so a failing seed can be replayed, and small waits. Loopback only.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** The repository root and the built CLI (`npm run build`). */
export const repo = resolve(import.meta.dirname, '..', '..');
export const cli = join(repo, 'dist', 'cli', 'main.js');

/** The pinned test venv's python (scripts/python-test-env.js), or undefined when there is none. */
export function testPython() {
  const r = spawnSync(process.execPath, [join(repo, 'scripts', 'python-test-env.js')], {
    encoding: 'utf8',
  });
  const python = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
  return python && existsSync(python) ? python : undefined;
}

/** mulberry32: a small, well-known 32-bit PRNG; the same seed gives the same kill points. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (lo, hi) => lo + Math.floor(next() * (hi - lo)) };
}

/** The temp folders of this chaos run (the runner removes them unless something failed or `--keep`). */
export const tempDirs = [];

/** A fresh temp folder for one scenario. */
export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `millrace-chaos-${name}-`));
  tempDirs.push(dir);
  return dir;
}

/** Writes `body` (an object → JSON) at `dir/file`, creating folders. */
export function put(dir, file, body) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), typeof body === 'string' ? body : JSON.stringify(body, null, 2));
}

const baseEnv = (env) => ({ ...process.env, NO_COLOR: '1', ...env });

/**
 * Every byte any millrace process printed, per scenario, so the secret grep can read it (scenario 5);
 * each entry is one stream of one process.
 */
export const captured = [];

/** Runs the CLI to the end (synchronously) in `cwd`. */
export function millrace(cwd, args, { env = {}, input } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: baseEnv(env),
    input,
    timeout: 60_000,
  });
  captured.push(r.stdout ?? '', r.stderr ?? '');
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', signal: r.signal };
}

/** Starts the CLI as a child process; its output is captured. Resolves `exited` with {code, signal}. */
export function start(cwd, args, { env = {} } = {}) {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise((res) =>
    child.once('exit', (code, signal) => {
      captured.push(out.stdout, out.stderr);
      res({ code, signal });
    }),
  );
  live.add(child);
  void exited.then(() => live.delete(child));
  return { child, out, exited };
}

/** Children still running; the runner kills them on exit. */
export const live = new Set();
export function killAll() {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** SIGKILL and wait for the exit. */
export async function kill9(proc) {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}

export async function waitFor(ok, ms, step = 25) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ok()) return true;
    await sleep(step);
  }
  return Boolean(await ok());
}

export const size = (file) => (existsSync(file) ? statSync(file).size : 0);

/** Whether a process exists and is not a zombie (Linux: /proc/<pid>/stat state `Z`). */
export function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** `millrace runs list --json` (newest first). */
export function runs(dir, extra = []) {
  const r = millrace(dir, ['runs', 'list', '--json', '--limit', '1000', '--project', dir, ...extra]);
  if (r.code !== 0) throw new Error(`runs list failed: ${r.stderr}`);
  return JSON.parse(r.stdout).runs;
}

/** Every file under `dir`, recursively (paths). */
export function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Counts one case in `r.seen`. */
export const see = (r, what) => (r.seen[what] = (r.seen[what] ?? 0) + 1);

/** A result row of one scenario. */
export const row = (scenario) => ({
  scenario,
  tries: 0,
  lost: 0,
  duplicated: 0,
  leaked: 0,
  halfWritten: 0,
  notes: [],
  /** What the kills hit (a tally per case), so a row of zeros can be told from kills that missed. */
  seen: {},
});

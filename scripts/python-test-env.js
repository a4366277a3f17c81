#!/usr/bin/env node
/**
 * Creates (once) the Python environment the tests use and prints its interpreter's path.
 *
 * The environment is a venv built from `test/python/requirements.txt` (fully pinned) under
 * `$XDG_CACHE_HOME/millrace/test-venvs/<hash of the file>` (default `~/.cache/...`), so every clone and every
 * CI run on a machine shares it and a changed file builds a new one. Built with `uv` when it is on PATH,
 * `python3 -m venv` + pip otherwise. A build that did not finish leaves no `.complete` marker and is redone.
 * Progress goes to stderr on a terminal; piped, only failures are printed. Exit 1 when the build fails.
 *
 * Usage: node scripts/python-test-env.js   (prints e.g. /root/.cache/millrace/test-venvs/3f2a…/bin/python)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requirements = path.join(root, 'test', 'python', 'requirements.txt');

/** Folder, interpreter and state of the test venv for the current requirements file. */
export function testVenv() {
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 16);
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(cache, 'millrace', 'test-venvs', hash);
  return { dir, python: path.join(dir, 'bin', 'python'), complete: existsSync(path.join(dir, '.complete')) };
}

function run(cmd, args, quiet) {
  const r = spawnSync(cmd, args, {
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 2, 2],
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(
      `${cmd} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`,
    );
  }
}

/** Builds the venv unless a complete one exists; returns the interpreter path. */
export function ensureTestVenv() {
  const venv = testVenv();
  if (venv.complete) return venv.python;
  const quiet = !process.stderr.isTTY;
  if (!quiet)
    process.stderr.write(`Building the test Python environment in ${venv.dir} (once; a few minutes)\n`);
  rmSync(venv.dir, { recursive: true, force: true });
  mkdirSync(path.dirname(venv.dir), { recursive: true });
  const uv = spawnSync('uv', ['--version'], { stdio: 'ignore' }).status === 0;
  if (uv) {
    run('uv', ['venv', '--python', 'python3', venv.dir], quiet);
    run('uv', ['pip', 'install', '--python', venv.python, '-r', requirements], quiet);
  } else {
    run('python3', ['-m', 'venv', venv.dir], quiet);
    run(
      venv.python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', requirements],
      quiet,
    );
  }
  writeFileSync(path.join(venv.dir, '.complete'), `${new Date().toISOString()}\n`);
  return venv.python;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureTestVenv()}\n`);
  } catch (err) {
    process.stderr.write(`python-test-env: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

import { spawn } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { COMPLETE_MARKER, ENV_INFO_FILE, envInterpreter } from './env-cache.js';
import { PythonErrorCode, pythonError } from './python-error.js';
import type { RequirementSet } from './requirement-set.js';

/** One command's result: exit code and every output line. */
interface CommandResult {
  readonly code: number | null;
  readonly lines: readonly string[];
  readonly spawnError?: Error;
}

function runCommand(
  command: string,
  args: readonly string[],
  onLine: ((line: string) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    const lines: string[] = [];
    const child = spawn(command, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
      env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONNOUSERSITE: '1' },
    });
    let spawnError: Error | undefined;
    child.once('error', (err) => (spawnError = err));
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        lines.push(line);
        onLine?.(line);
      });
    }
    child.once('close', (code) => resolvePromise({ code, lines, ...(spawnError ? { spawnError } : {}) }));
  });
}

/** What pip said went wrong: its `ERROR:` lines, else the last lines. */
export function installFailureSummary(lines: readonly string[]): string {
  const errors = lines.filter((l) => /^ERROR: /.test(l)).map((l) => l.slice('ERROR: '.length));
  return (errors.length > 0 ? errors : lines.slice(-3)).join('; ');
}

/** What the builder needs. */
export interface BuildOptions {
  readonly cacheDir: string;
  readonly key: string;
  readonly interpreter: string;
  readonly set: RequirementSet;
  /** Use `uv` for venv and install (when it is on PATH). */
  readonly uv: boolean;
  readonly what: string;
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

const PYTHON_PATHS =
  'import json,site,sys,sysconfig;print(json.dumps([sysconfig.get_paths()["purelib"],' +
  '[p for p in sys.path if p.endswith(("site-packages","dist-packages"))]]))';

/**
 * Builds an environment into `<cacheDir>/.build-<key>-<pid>` and renames it to `<cacheDir>/<key>` once
 * complete (the marker is written last). The venv is layered on the base interpreter's packages, as cluster
 * libraries add to what the Databricks Runtime ships: a `.pth` file puts the base's site-packages after the
 * environment's own, so requirements the base already satisfies install nothing. Returns the interpreter.
 */
export async function buildEnvironment(o: BuildOptions): Promise<string> {
  const tmp = join(o.cacheDir, `.build-${o.key}-${process.pid}`);
  const final = join(o.cacheDir, o.key);
  rmSync(tmp, { recursive: true, force: true });
  const step = async (
    label: string,
    command: string,
    args: readonly string[],
    code: PythonErrorCode,
    quiet = false,
  ) => {
    const r = await runCommand(command, args, quiet ? undefined : o.onProgress, o.signal);
    o.signal?.throwIfAborted();
    if (r.code === 0 && !r.spawnError) return r.lines;
    const why = r.spawnError ? r.spawnError.message : installFailureSummary(r.lines);
    throw pythonError(code, `${o.what}: ${label} failed: ${why}`, undefined, r.spawnError);
  };
  try {
    const venvArgs = o.uv
      ? ['venv', '--quiet', '--python', o.interpreter, tmp]
      : ['-m', 'venv', '--without-pip', tmp];
    await step(
      `creating a venv from ${o.interpreter}`,
      o.uv ? 'uv' : o.interpreter,
      venvArgs,
      PythonErrorCode.VenvFailed,
    );
    const python = envInterpreter(tmp);
    const base = JSON.parse(
      (
        await step(
          'reading the base interpreter',
          o.interpreter,
          ['-c', PYTHON_PATHS],
          PythonErrorCode.VenvFailed,
          true,
        )
      ).at(-1) ?? '[]',
    ) as [string, string[]];
    const own = JSON.parse(
      (await step('reading the venv', python, ['-c', PYTHON_PATHS], PythonErrorCode.VenvFailed, true)).at(
        -1,
      ) ?? '[]',
    ) as [string, string[]];
    writeFileSync(
      join(own[0], '_millrace_layers.pth'),
      [...base[1], ...o.set.eggs].map((p) => `${p}\n`).join(''),
    );
    if (o.set.requirements.length > 0) {
      const file = join(tmp, 'millrace-requirements.txt');
      writeFileSync(file, [...o.set.options, ...o.set.requirements].map((l) => `${l}\n`).join(''));
      o.onProgress?.(`millrace: installing ${o.set.requirements.join(', ')}`);
      const install = o.uv
        ? ['uv', ['pip', 'install', '--python', python, '-r', file]]
        : [o.interpreter, ['-m', 'pip', '--python', python, 'install', '--no-input', '-r', file]];
      await step(
        `installing ${o.set.requirements.map((r) => r.replace(/ #.*$/, '')).join(', ')}`,
        install[0] as string,
        install[1] as string[],
        PythonErrorCode.InstallFailed,
      );
    }
    const info = {
      baseInterpreter: o.interpreter,
      requirements: [...o.set.options, ...o.set.requirements, ...o.set.eggs],
      createdAt: new Date().toISOString(),
    };
    writeFileSync(join(tmp, ENV_INFO_FILE), JSON.stringify(info, null, 2));
    writeFileSync(join(tmp, COMPLETE_MARKER), '');
    rmSync(final, { recursive: true, force: true });
    renameSync(tmp, final);
    return envInterpreter(final);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

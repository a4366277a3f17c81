import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PythonEnvironment } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
import { listEnvironments, pruneEnvironments } from './env-cache.js';
import { createPythonEnvironments } from './python-environments.js';
import { writeTinyWheel } from './testing/tiny-wheel.js';

// The pinned test venv plays the Databricks Runtime: environments are layered on its packages (pandas…).
const base = process.env['MILLRACE_TEST_PYTHON'] ?? 'python3';
const project = mkdtempSync(join(tmpdir(), 'millrace-envs-'));
const cacheDir = join(project, 'cache');
const dbfs = { root: join(project, 'dbfs') };
mkdirSync(join(dbfs.root, 'libs'), { recursive: true });
writeTinyWheel(join(dbfs.root, 'libs'), 'millrace_tiny', '1.0', 'ANSWER = 42\n');
const emptyIndex = mkdtempSync(join(tmpdir(), 'millrace-empty-index-'));
const envs = () => createPythonEnvironments({ cacheDir, projectDir: project, dbfs, uv: false });
const libraries: JsonValue[] = [
  { whl: 'dbfs:/libs/millrace_tiny-1.0-py3-none-any.whl' },
  { pypi: { package: 'pandas' } },
];

describe('createPythonEnvironments', () => {
  let first: PythonEnvironment;
  const progress: string[] = [];
  beforeAll(async () => {
    first = await envs().resolve({
      interpreter: base,
      libraries,
      what: 'Nb "T"',
      onProgress: (l) => progress.push(l),
    });
  }, 120_000);

  it('runs a notebook with no libraries on the base interpreter, building nothing', async () => {
    const none = await createPythonEnvironments({
      cacheDir: join(project, 'unused'),
      projectDir: project,
      dbfs,
    }).resolve({ interpreter: 'python3', what: 'x' });
    expect(none).toMatchObject({ interpreter: 'python3', built: false, key: undefined });
    expect(existsSync(join(project, 'unused'))).toBe(false);
  });

  it('builds a venv with the wheel installed on top of the base packages, showing progress', () => {
    expect(first.built).toBe(true);
    expect(first.interpreter).toBe(join(cacheDir, first.key ?? '', 'bin', 'python'));
    const out = execFileSync(
      first.interpreter,
      ['-c', 'import millrace_tiny, pandas; print(millrace_tiny.ANSWER)'],
      {
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe('42');
    expect(progress[0]).toMatch(
      /^millrace: building Python environment [0-9a-f]{16} \(2 requirement\(s\), pip\)$/,
    );
    expect(readdirSync(cacheDir).filter((n) => n.startsWith('.build-') || n.endsWith('.lock'))).toEqual([]);
  });

  it('reuses the environment for the same set in another order, in well under 100 ms', async () => {
    const t = performance.now();
    const again = await envs().resolve({ interpreter: base, libraries: [...libraries].reverse(), what: 'x' });
    expect(performance.now() - t).toBeLessThan(100);
    expect(again).toMatchObject({ interpreter: first.interpreter, key: first.key, built: false });
  });

  it('lists environments with their requirements and prunes interrupted builds and unused ones', () => {
    mkdirSync(join(cacheDir, '.build-deadbeefdeadbeef-1'));
    const listed = listEnvironments(cacheDir);
    const env = listed.find((e) => e.key === first.key);
    expect(env).toMatchObject({ complete: true, baseInterpreter: base });
    expect(env?.requirements).toContain('pandas');
    expect(pruneEnvironments(cacheDir, 30)).toEqual(['.build-deadbeefdeadbeef-1']);
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect(pruneEnvironments(cacheDir, 30, later)).toEqual([first.key]);
    expect(listEnvironments(cacheDir)).toEqual([]);
  });

  it('names the requirement pip could not install and leaves no half-built environment', async () => {
    const failing = envs().resolve({
      interpreter: base,
      pipInstalls: [['--index-url', `file://${emptyIndex}`, 'millrace-no-such-package==9.9']],
      what: 'Nb "T" %pip install',
    });
    await expect(failing).rejects.toMatchObject({
      code: 'python/install-failed',
      message: expect.stringMatching(
        /^Nb "T" %pip install: installing millrace-no-such-package==9\.9 failed: .*No matching distribution found for millrace-no-such-package==9\.9/,
      ) as unknown,
    });
    expect(listEnvironments(cacheDir).filter((e) => e.key !== first.key)).toEqual([]);
  }, 60_000);

  it('builds one environment when two processes ask for it at once (the lock)', async () => {
    const set = [{ whl: 'dbfs:/libs/millrace_tiny-1.0-py3-none-any.whl' }];
    const [a, b] = await Promise.all([
      envs().resolve({ interpreter: base, libraries: set, what: 'a' }),
      envs().resolve({ interpreter: base, libraries: set, what: 'b' }),
    ]);
    expect(a.interpreter).toBe(b.interpreter);
    expect([a.built, b.built].sort()).toEqual([false, true]);
  }, 120_000);
});

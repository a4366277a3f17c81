import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'millrace.cjs');
const tracer = join(root, 'test', 'fixtures', 'startup', 'trace-loads.cjs');
const work = mkdtempSync(join(tmpdir(), 'millrace-startup-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A bare factory: one pipeline with one Wait.
const factory = join(work, 'factory');
mkdirSync(join(factory, 'pipeline'), { recursive: true });
writeFileSync(
  join(factory, 'pipeline', 'OneWait.json'),
  JSON.stringify({
    name: 'OneWait',
    properties: { activities: [{ name: 'Wait0', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] },
  }),
);

/** Runs the bin with the load tracer; returns the exit code, stdout and every module file it loaded. */
function traced(...args: string[]) {
  const trace = join(work, `trace-${args[0] ?? 'none'}.txt`);
  writeFileSync(trace, '');
  const r = spawnSync(process.execPath, ['--require', tracer, bin, ...args], {
    encoding: 'utf8',
    cwd: work,
    env: { ...process.env, MILLRACE_TRACE_LOADS: trace, XDG_CACHE_HOME: join(work, 'cache') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, loads: readFileSync(trace, 'utf8') };
}

const HEAVY = ['zod', 'luxon', 'windows-iana', '@azure', 'pg', '@duckdb', 'fastify'];
const loadedPackages = (loads: string): string[] =>
  HEAVY.filter((p) => new RegExp(`node_modules/${p.replace('/', '\\/')}/`).test(loads));

describe('the millrace bin starts like a native tool', () => {
  it('answers --version from package.json without loading the CLI', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = traced('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.loads).not.toContain('dist/cli');
  });

  it('validates a factory without loading zod, luxon, SDKs or drivers', () => {
    const r = traced('validate', '--project', factory);
    expect(r.code, r.stderr).toBe(0);
    expect(loadedPackages(r.loads)).toEqual([]);
    // No module of dist/ goes through Node's loaders: the bin reads the one bundle file itself and compiles
    // it with the code cache.
    expect(r.loads.split('\n').filter((l) => l.includes('/dist/'))).toEqual([]);
  });

  it('runs a Wait pipeline (SQLite state written) loading only what a run needs', () => {
    const r = traced('run', 'OneWait', '--project', factory, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { status: string }).status).toBe('Succeeded');
    expect(r.loads).toContain('better-sqlite3');
    expect(loadedPackages(r.loads)).toEqual([]);
  });

  it('keeps source maps that point at src/', () => {
    const map = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'millrace.cjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources).toContain('../../src/cli/program.ts');
    expect(map.sources.some((s) => s.startsWith('../../src/engine/'))).toBe(true);
    const text = readFileSync(join(root, 'dist', 'cli', 'millrace.cjs'), 'latin1');
    expect(text).toMatch(/\/\/# sourceMappingURL=millrace\.cjs\.map\s*$/);
    // The bin reads it as latin1 and compiles it without an ES-module loader: ASCII only, no `import()`.
    expect([...text].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(text).not.toMatch(/\bimport\(/);
  });
});

describe("the bin's code cache", () => {
  const cacheHome = join(work, 'code-cache');
  const v8Dir = join(cacheHome, 'millrace', 'v8');
  const cached = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, 'validate', '--project', factory, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env },
    });
  const cacheFiles = (): string[] => {
    try {
      return readdirSync(v8Dir);
    } catch {
      return [];
    }
  };

  it('is off with MILLRACE_CODE_CACHE=0', () => {
    const r = cached({ MILLRACE_CODE_CACHE: '0' });
    expect(r.status, r.stderr).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });

  it('is written by the first run of a command and reused, unchanged, by the next', () => {
    const first = cached();
    expect(first.status, first.stderr).toBe(0);
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/-validate\.bin$/);
    const file = join(v8Dir, files[0] ?? '');
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(10_000);
    const second = cached();
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('survives a corrupt cache: same output, and the cache is rewritten', () => {
    const file = join(v8Dir, cacheFiles()[0] ?? '');
    writeFileSync(file, 'not a V8 code cache');
    const r = cached();
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
  });
});

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
    env: { ...process.env, MILLRACE_TRACE_LOADS: trace },
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
    // The bundle: a handful of chunk files, not hundreds of modules.
    const files = new Set(r.loads.split('\n').filter((l) => l.includes('/dist/')));
    expect(files.size).toBeLessThan(20);
  });

  it('runs a Wait pipeline (SQLite state written) loading only what a run needs', () => {
    const r = traced('run', 'OneWait', '--project', factory, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { status: string }).status).toBe('Succeeded');
    expect(r.loads).toContain('better-sqlite3');
    expect(loadedPackages(r.loads)).toEqual([]);
  });

  it('keeps source maps that point at src/', () => {
    const maps = readdirSync(join(root, 'dist', 'cli')).filter((f) => /^chunk-.*\.js\.map$/.test(f));
    expect(maps.length).toBeGreaterThan(3);
    const sources = maps.flatMap(
      (m) =>
        (JSON.parse(readFileSync(join(root, 'dist', 'cli', m), 'utf8')) as { sources: string[] }).sources,
    );
    expect(sources).toContain('../../src/cli/program.ts');
    expect(sources.some((s) => s.startsWith('../../src/engine/'))).toBe(true);
  });
});

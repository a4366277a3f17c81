import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, repo } from './run-cli.js';

// What a command makes visible by a rename must be on the disk first (fsync of the file before the rename) and
// its new name too (fsync of the folder after): a crash or power loss then leaves the old file or the new one,
// never a name pointing at unwritten blocks. A preload records every rename and fsync in order.
const work = mkdtempSync(path.join(tmpdir(), 'millrace-durable-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const project = path.join(work, 'quickstart');
cpSync(path.join(repo, 'examples', 'quickstart'), project, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}.millrace`),
});
const tracer = path.join(repo, 'test', 'fixtures', 'durable', 'trace-fs.cjs');

function traced(args: string[], input?: string): string[] {
  const trace = path.join(work, `trace-${args[0]}.txt`);
  writeFileSync(trace, '');
  const r = spawnSync(process.execPath, ['--require', tracer, cli, ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, MILLRACE_TRACE_FS: trace, MILLRACE_CODE_CACHE: '0' },
    ...(input === undefined ? {} : { input }),
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(trace, 'utf8').trim().split('\n');
}

/** The index of the rename to `target`, with the fsyncs before it and after it. */
function around(trace: string[], target: string) {
  const i = trace.findIndex((l) => l.startsWith('rename ') && l.endsWith(` ${target}`));
  expect(i, `no rename to ${target} in:\n${trace.join('\n')}`).toBeGreaterThanOrEqual(0);
  const from = trace[i]!.split(' ')[1]!;
  return {
    from,
    before: trace
      .slice(0, i)
      .filter((l) => l.startsWith('sync '))
      .map((l) => l.slice(5)),
    after: trace
      .slice(i + 1)
      .filter((l) => l.startsWith('sync '))
      .map((l) => l.slice(5)),
  };
}

describe('durable writes', () => {
  it('validate --output: the report is flushed, renamed, and its folder flushed', () => {
    const report = path.join(project, 'reports', 'validate.xml');
    const t = traced(['validate', '--project', '.', '--format', 'junit', '--output', report]);
    const { from, before, after } = around(t, report);
    expect(before).toContain(from);
    expect(after).toContain(path.dirname(report));
  });

  it('build: every file of the bundle is flushed before the folder takes its name', () => {
    const out = path.join(project, 'dist-bundle');
    const t = traced(['build', '--project', '.', '--out', out]);
    const { from, before, after } = around(t, out);
    expect(before.filter((f) => f.startsWith(`${from}${path.sep}`)).length).toBeGreaterThan(1);
    expect(after).toContain(path.dirname(out));
  });

  it('secrets set: the local vault is flushed before it replaces the old one', () => {
    const t = traced(['secrets', 'set', 'demo-secret', '--env', 'qa', '--project', '.'], 'value-1234\n');
    const vault = t.find((l) => l.startsWith('rename '))?.split(' ')[2];
    expect(vault).toBeDefined();
    const { from, before, after } = around(t, vault!);
    expect(before).toContain(from);
    expect(after).toContain(path.dirname(vault!));
  });
});

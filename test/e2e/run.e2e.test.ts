import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'millrace-run-e2e-'));
const project = join(work, 'factory');
cpSync(join(root, 'test', 'fixtures', 'run', 'basic'), project, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

function millrace(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args, '--project', project], {
    encoding: 'utf8',
    cwd: work,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Doc {
  runId: string;
  status: string;
  message?: string;
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
  output: unknown;
  activityRuns: {
    activityName: string;
    status: string;
    iteration?: string;
    error?: { errorCode: string; message: string };
  }[];
}

describe('millrace run', () => {
  it('runs a pipeline and prints the run document (exit 0)', () => {
    const r = millrace('run', 'PL_Ok', '-p', 'n=2', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc).toMatchObject({
      status: 'Succeeded',
      parameters: { n: 2, greet: 'hi', token: '********' },
      variables: { message: 'hi 2', seen: [0, 1] },
      output: { count: 2 },
    });
    expect(doc.activityRuns.map((a) => `${a.iteration ?? ''}:${a.activityName}`)).toEqual([
      ':Set message',
      ':Loop',
      'Loop[0]:Pause',
      'Loop[0]:Remember',
      'Loop[1]:Pause',
      'Loop[1]:Remember',
      ':Return',
    ]);
  });

  it('exits 1 for a failed run and reports the failure', () => {
    const r = millrace('run', 'PL_Fail', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.status).toBe('Failed');
    expect(doc.message).toBe('Operation on target Stop failed: nothing to do');
    expect(doc.activityRuns.map((a) => a.status)).toEqual(['Succeeded', 'Failed', 'Skipped']);
    expect(doc.activityRuns[1]?.error).toEqual({ errorCode: 'NODATA', message: 'nothing to do' });
  });

  it('exits 2 for bad parameters and unknown pipelines', () => {
    expect(millrace('run', 'PL_Ok', '-p', 'n=two').code).toBe(2);
    expect(millrace('run', 'PL_Ok').stderr).toContain('parameter "n" (Int) has no default value');
    expect(millrace('run', 'PL_Ok', '-p', 'n=1', '-p', 'nope=1').stderr).toContain('has no parameter "nope"');
    const unknown = millrace('run', 'PL_Nope', '--json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'run/unknown-pipeline' } });
  });

  it('keeps the history: runs list, show and rerun', () => {
    const failed = JSON.parse(millrace('run', 'PL_Fail', '--json').stdout) as Doc;
    const list = JSON.parse(millrace('runs', 'list', '--json', '--pipeline', 'PL_Fail').stdout) as {
      runs: { runId: string }[];
    };
    expect(list.runs.map((r) => r.runId)).toContain(failed.runId);
    const shown = millrace('runs', 'show', failed.runId, '--json');
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as Doc).runId).toBe(failed.runId);
    expect(millrace('runs', 'show', 'no-such-run').code).toBe(2);
    const rerun = millrace('runs', 'rerun', failed.runId, '--from-failed', '--json');
    expect(rerun.code).toBe(1);
    const doc = JSON.parse(rerun.stdout) as Doc;
    expect(doc.runId).not.toBe(failed.runId);
    expect(doc.activityRuns[0]).toMatchObject({ activityName: 'Start', status: 'Succeeded' });
  });

  it('reruns one failed ForEach iteration (--iteration); the others keep their results', () => {
    const failed = JSON.parse(millrace('run', 'PL_Iter', '--json').stdout) as Doc;
    expect(failed.status).toBe('Failed');
    const at = (doc: Doc, iteration: string | undefined, name: string) =>
      doc.activityRuns.find((a) => a.iteration === iteration && a.activityName === name);
    // Only Loop[1] runs again, now without failing; Loop[3] keeps its failure, so the run fails again.
    const one = millrace('runs', 'rerun', failed.runId, '--iteration', 'Loop[1]', '-p', 'bad=[3]', '--json');
    expect(one.code).toBe(1);
    const doc = JSON.parse(one.stdout) as Doc;
    expect(at(doc, 'Loop[1]', 'Check')?.status).toBe('Succeeded');
    expect(at(doc, 'Loop[1]/Check(true)', 'Stop')).toBeUndefined();
    expect(at(doc, 'Loop[3]/Check(true)', 'Stop')?.error).toEqual({
      errorCode: 'BADITEM',
      message: 'bad item 3',
    });
    expect(at(doc, undefined, 'After')?.status).toBe('Skipped');
    // Both failed iterations named: the ForEach succeeds and After runs again.
    const both = millrace(
      'runs',
      'rerun',
      failed.runId,
      '--iteration',
      'Loop[1]',
      '--iteration',
      'Loop[3]',
      '-p',
      'bad=[]',
      '--json',
    );
    expect(both.code).toBe(0);
    expect(at(JSON.parse(both.stdout) as Doc, undefined, 'After')?.status).toBe('Succeeded');
    const unknown = millrace('runs', 'rerun', failed.runId, '--iteration', 'Loop[7]', '--json');
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'run/unknown-iteration' } });
    expect(unknown.stdout).toContain('(failed iterations: Loop[1], Loop[3])');
    const notFailed = millrace('runs', 'rerun', failed.runId, '--iteration', 'Loop[0]');
    expect(notFailed.code).toBe(2);
    expect(notFailed.stderr).toContain('run/iteration-not-failed');
  });
});

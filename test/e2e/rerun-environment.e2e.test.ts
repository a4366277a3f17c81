import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repo, runCli } from './run-cli.js';

// `millrace runs rerun <id>` reruns in the environment the run ran in; `runs list` shows it.
const dir = mkdtempSync(path.join(tmpdir(), 'millrace-rerun-env-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync(path.join(repo, 'examples', 'quickstart'), dir, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}.millrace`),
});

describe('millrace runs rerun and the environment', () => {
  it('reruns a qa run in qa without --env, and refuses --env dev', () => {
    // qa's vault has no secret in a fresh copy: the run fails in qa, which is enough to see where it ran.
    const first = runCli(dir, ['run', 'ReferencePipelineSql', '--env', 'qa', '--json']);
    expect(first.status, first.stderr).toBe(1);
    const doc = JSON.parse(first.stdout) as { runId: string; environment?: string };
    expect(doc.environment).toBe('qa');
    const list = runCli(dir, ['runs', 'list']);
    expect(list.stdout).toContain(`${doc.runId}`);
    expect(list.stdout).toMatch(/ReferencePipelineSql {2}\[qa\]/);
    const again = runCli(dir, ['runs', 'rerun', doc.runId, '--json']);
    const rerun = JSON.parse(again.stdout) as { environment?: string; message?: string };
    expect(rerun.environment).toBe('qa');
    expect(rerun.message).toContain('(environment qa)');
    const wrong = runCli(dir, ['runs', 'rerun', doc.runId, '--env', 'dev']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('run/environment-mismatch');
    expect(wrong.stderr).toContain('rerun it with --env qa');
  });
});

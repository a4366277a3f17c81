import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'millrace-env-e2e-'));
const project = join(work, 'project');
cpSync(join(root, 'test', 'fixtures', 'env-project'), project, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SECRET = 'SUPER-SECRET-TOKEN-42';
const outputs: string[] = [];

function millrace(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args, '--project', project], {
    encoding: 'utf8',
    cwd: work,
    ...(input === undefined ? {} : { input }),
    env: { ...process.env, MILLRACE_MASTER_KEY_FILE: join(work, 'keys', 'master.key'), ...env },
  });
  outputs.push(r.stdout, r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

interface Doc {
  status: string;
  parameters: Record<string, unknown>;
  activityRuns: { activityName: string; output?: Record<string, unknown> }[];
}

describe('millrace environments and secrets', () => {
  it('sets a secret from stdin into the local vault and lists names only', () => {
    const set = millrace(['secrets', 'set', 'api-token', '--env', 'qa'], SECRET);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(statSync(join(work, 'keys', 'master.key')).mode & 0o777).toBe(0o600);
    const list = millrace(['secrets', 'list', '--env', 'qa']);
    expect(list.stdout).toBe('api-token\n');
  });

  it('refuses to change a protected environment without --yes', () => {
    const r = millrace(['secrets', 'set', 'api-token', '--env', 'prod'], 'x-value');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('secrets/protected-environment');
  });

  it('run --env qa uses qa values (ARM + Millrace files) and the vault secret reaches the notebook', () => {
    const r = millrace(['run', 'PL_Env', '--env', 'qa', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('env/empty-arm-parameter');
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.status).toBe('Succeeded');
    expect(doc.parameters).toEqual({ label: 'qa-label' });
    expect(doc.activityRuns[0]?.output).toMatchObject({ size: 16 });
    expect(doc.activityRuns[1]?.output?.['runOutput']).toMatchObject({
      label: 'qa-label',
      size: '16',
      tokenLength: SECRET.length,
    });
  });

  it('run --env dev reads the secret from environment variables and dev values', () => {
    const r = millrace(['run', 'PL_Env', '--env', 'dev', '--json'], undefined, {
      DEV_SECRET_API_TOKEN: 'dev-token-value',
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.parameters).toEqual({ label: 'dev-label' });
    expect(doc.activityRuns[1]?.output?.['runOutput']).toMatchObject({
      label: 'dev-label',
      size: '8',
      tokenLength: 15,
    });
  });

  it('creates, runs and destroys a preview environment copied from qa', () => {
    expect(millrace(['env', 'create', 'pr-42', '--from', 'qa']).code).toBe(0);
    expect(millrace(['env', 'list']).stdout).toMatch(/pr-42 \(preview of qa/);
    const run = millrace(['run', 'PL_Env', '--env', 'pr-42', '--json']);
    expect((JSON.parse(run.stdout) as Doc).status).toBe('Succeeded');
    expect(millrace(['env', 'destroy', 'pr-42']).code).toBe(0);
    expect(readdirSync(join(project, '.millrace', 'envs'))).toEqual(['qa']);
    expect(millrace(['env', 'destroy', 'qa']).stderr).toContain('env/not-a-preview');
  });

  it('never shows the secret value: stdout, stderr, state file, logs, vault', () => {
    const files = allFiles(join(project, '.millrace'));
    expect(files.some((f) => f.endsWith('state.db'))).toBe(true);
    for (const text of outputs) expect(text).not.toContain(SECRET);
    for (const f of files) expect(readFileSync(f).includes(Buffer.from(SECRET)), f).toBe(false);
  });
});

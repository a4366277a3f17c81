import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { openAccess } from '../../src/index.js';
import { startServer } from '../../src/server/index.js';
import { createDeployProject } from '../../src/app/testing/deploy-fixture.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'dist', 'cli', 'main.js');
let project: string;
let server: RunningServer;
let token = '';

/** Runs the built CLI without blocking the event loop (the server it talks to runs in this process). */
function millrace(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: project,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  project = await createDeployProject();
  const access = await openAccess({ projectDir: project });
  token = (await access.createToken('ci', 'deployer')).token;
  await access.close();
  server = await startServer({ projectDir: project, port: 0, environment: 'qa', scheduler: false });
});
afterAll(async () => {
  await server.close();
  rmSync(project, { recursive: true, force: true });
});

describe('millrace deploy --target <url> (CLI → server)', () => {
  it('plans, applies and lists the history through the server; the token comes from an env variable', async () => {
    expect((await millrace(['build', '--out', 'dist1', '--version', 'v1', '--project', project])).code).toBe(
      0,
    );
    const env = { DEPLOY_TOKEN: token };
    const remote = ['--target', server.url, '--token-env', 'DEPLOY_TOKEN'];

    const noToken = await millrace(['deploy', 'dist1', ...remote]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('DEPLOY_TOKEN');

    const plan = await millrace(['deploy', 'dist1', ...remote, '--what-if'], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('+ pipeline/PL_A');
    expect(plan.stdout).toContain('What-if: nothing was changed.');

    const applied = await millrace(['deploy', 'dist1', ...remote, '--env', 'qa'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/✔ applied as \S+ by ci/);

    const json = await millrace(['deploy', 'dist1', ...remote, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'no-changes', environment: 'qa' });

    const history = await millrace(['deploy', 'history', ...remote], env);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/deploy\s+v1\s+by ci/);

    const denied = await millrace(['deploy', 'dist1', ...remote], { DEPLOY_TOKEN: 'wrong' });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('api/unauthorized');
  });
});

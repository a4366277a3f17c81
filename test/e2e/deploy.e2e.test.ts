import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeployProject,
  pipelineJson,
  PROD_SECRET,
  QA_SECRET,
  signingKeyOf,
  writeProjectFile,
} from '../../src/app/testing/deploy-fixture.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'dist', 'cli', 'main.js');
let project: string;
const outputs: string[] = [];

function millrace(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args, '--project', project], {
    encoding: 'utf8',
    cwd: project,
    env: {
      ...process.env,
      NO_COLOR: '1',
      MILLRACE_ACTOR: 'alice',
      // alice's key signs what she does on protected prod (MILLRACE_SIGNING_KEY), unless a test says otherwise
      MILLRACE_SIGNING_KEY: signingKeyOf(project, 'alice'),
      ...env,
    },
  });
  outputs.push(r.stdout, r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  return createDeployProject().then((p) => {
    project = p;
  });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('millrace deploy (CLI)', () => {
  it('plans, applies, asks for an approval, approves, applies, lists the history', async () => {
    expect(millrace(['build', '--out', 'dist1', '--version', 'v1']).code).toBe(0);
    await writeProjectFile(project, 'factory/pipeline/PL_A.json', pipelineJson('PL_A', 1));
    expect(millrace(['build', '--out', 'dist2', '--version', 'v2']).code).toBe(0);

    const first = millrace(['deploy', 'dist1', '--env', 'qa']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ pipeline/PL_A');
    const plan = millrace(['deploy', 'dist2', '--env', 'qa', '--what-if']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ pipeline/PL_A');
    expect(plan.stdout).toContain('~ properties.activities[0].typeProperties.waitTimeInSeconds: 0 → 1');
    expect(plan.stdout).not.toContain('PL_B');
    const json = JSON.parse(millrace(['deploy', 'dist2', '--env', 'qa', '--json']).stdout) as {
      status: string;
    };
    expect(json.status).toBe('applied');
    expect(millrace(['deploy', 'dist2', '--env', 'qa']).stdout).toContain('No changes');

    // --request: exit 0 once recorded; refused with --yes, and for an unprotected environment.
    const mixed = millrace(['deploy', 'dist1', '--env', 'prod', '--request', '--yes']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--request cannot be combined with --yes');
    const unprotected = millrace(['deploy', 'dist1', '--env', 'qa', '--request']);
    expect(unprotected.code).toBe(2);
    expect(unprotected.stderr).toContain('deploy/not-protected');
    const requested = millrace(['deploy', 'dist1', '--env', 'prod', '--request']);
    expect(requested.code).toBe(0);
    expect(requested.stdout).toContain('needs an approval');
    const asked = millrace(['deploy', 'dist1', '--env', 'prod']);
    expect(asked.code).toBe(1);
    expect(/deploy approve (\S+)/.exec(asked.stdout)?.[1]).toBe(
      /deploy approve (\S+)/.exec(requested.stdout)?.[1],
    );
    const id = /deploy approve (\S+)/.exec(asked.stdout)?.[1] ?? '';
    expect(id).not.toBe('');
    const self = millrace(['deploy', 'approve', id, '--env', 'prod']);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('deploy/self-approval');
    // Anyone with a shell can type --actor bob: on a protected environment it proves nothing.
    const impostor = millrace(['deploy', 'approve', id, '--env', 'prod', '--actor', 'bob'], {
      MILLRACE_SIGNING_KEY: '',
    });
    expect(impostor.code).toBe(2);
    expect(impostor.stderr).toContain('deploy/unverified-actor');
    const wrongKey = millrace(['deploy', 'approve', id, '--env', 'prod', '--actor', 'bob']);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toContain('is not the owner of the signing key (alice)');
    const bob = millrace(['deploy', 'approve', id, '--env', 'prod', '--key', signingKeyOf(project, 'bob')]);
    expect(bob.code, bob.stderr).toBe(0);
    expect(millrace(['deploy', 'dist1', '--env', 'prod', '--yes']).code).toBe(0);
    const history = millrace(['deploy', 'history', '--env', 'prod']);
    expect(history.stdout).toContain('approved by bob');
    const rollback = millrace(['deploy', '--rollback', '--env', 'qa']);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('Roll back v1');
  });

  it('rejects a pending deployment (another deployer) and withdraws one (its requester)', () => {
    const idOf = (out: string) => /deploy approve (\S+)/.exec(out)?.[1] ?? '';
    const first = idOf(millrace(['deploy', 'dist2', '--env', 'prod', '--request']).stdout);
    expect(first).not.toBe('');
    const unsigned = millrace(['deploy', 'reject', first, '--env', 'prod'], { MILLRACE_SIGNING_KEY: '' });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('deploy/unverified-actor');
    const bob = millrace([
      'deploy',
      'reject',
      first,
      '--env',
      'prod',
      '--reason',
      'not today',
      '--key',
      signingKeyOf(project, 'bob'),
    ]);
    expect(bob.code, bob.stderr).toBe(0);
    expect(bob.stdout).toContain(`rejected deployment ${first}`);
    const second = idOf(millrace(['deploy', 'dist2', '--env', 'prod', '--request']).stdout);
    const alice = millrace(['deploy', 'reject', second, '--env', 'prod', '--json']);
    expect(alice.code, alice.stderr).toBe(0);
    expect(JSON.parse(alice.stdout)).toMatchObject({ id: second, outcome: 'withdrawn', closedBy: 'alice' });
    const history = JSON.parse(millrace(['deploy', 'history', '--env', 'prod', '--json']).stdout) as {
      pending: unknown[];
      closed: { id: string; outcome: string; closedBy: string; reason?: string }[];
    };
    expect(history.pending).toEqual([]);
    expect(history.closed.map((c) => [c.id, c.outcome, c.closedBy, c.reason])).toEqual([
      [first, 'rejected', 'bob', 'not today'],
      [second, 'withdrawn', 'alice', undefined],
    ]);
    expect(millrace(['deploy', 'reject', first, '--env', 'prod']).stderr).toContain('deploy/unknown-pending');
    const text = millrace(['deploy', 'history', '--env', 'prod']).stdout;
    expect(text).toContain(`rejected ${first}`);
    expect(text).toContain('rejected by bob: not today');
    expect(text).toContain(`withdrawn ${second}`);
  });

  it('keys create writes a private key only its owner can read, and prints the public key to register', () => {
    const out = join(project, 'my-keys', 'dana.pem');
    const keys = (args: string[]) => {
      const r = spawnSync(process.execPath, [cli, 'keys', 'create', ...args], {
        encoding: 'utf8',
        cwd: project,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const r = keys(['--name', 'dana', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const made = JSON.parse(r.stdout) as { publicKey: string; privateKeyFile: string };
    expect(made.privateKeyFile).toBe(out);
    expect(made.publicKey).toMatch(/^ed25519:[A-Za-z0-9+/=]+$/);
    expect(readFileSync(out, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(statSync(out).mode & 0o077).toBe(0);
    expect(r.stdout).not.toContain('BEGIN PRIVATE KEY');
    const again = keys(['--name', 'dana', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('cli/file-exists');
  });

  it('refuses a tampered bundle with exit 2', () => {
    const file = join(project, 'dist2', 'bundle.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('"waitTimeInSeconds": 1', '"waitTimeInSeconds": 7'),
    );
    const r = millrace(['deploy', 'dist2', '--env', 'qa']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('deploy/tampered-bundle');
  });

  it('prints no secret value in any output', () => {
    for (const o of outputs) {
      expect(o).not.toContain(QA_SECRET);
      expect(o).not.toContain(PROD_SECRET);
    }
  });
});

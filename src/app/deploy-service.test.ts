import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeployOutcome } from '../cicd/index.js';
import { SqliteTriggerStore } from '../store/index.js';
import { buildProject } from './build-project.js';
import { acquireDeployLock } from '../store/index.js';
import { approveProjectDeployment, deployProject, deploymentHistory } from './deploy-service.js';
import { createMillrace } from './run-service.js';
import {
  createDeployProject,
  pipelineJson,
  PROD_SECRET,
  signingKeyOf,
  QA_SECRET,
  triggerJson,
  writeProjectFile,
} from './testing/deploy-fixture.js';

let root: string;
let v1: string;
let v2: string;
const target = (env: string) => path.join(root, '.millrace', 'envs', env);
const key = (name: 'alice' | 'bob' | 'carol') => signingKeyOf(root, name);

async function build(out: string, version: string): Promise<string> {
  const result = await buildProject({ projectDir: root, outDir: path.join(root, out), version });
  if (!result.built) throw new Error(JSON.stringify(result.report.diagnostics));
  return result.outDir;
}

/** The deployed files and their mtimes (the deploy lock's database is not deployed content: every deploy writes it). */
async function files(dir: string, rel = ''): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (rel === '' && e.name.startsWith('deploy-lock.db')) continue;
    if (e.isDirectory()) for (const [k, v] of await files(dir, r)) out.set(k, v);
    else out.set(r, (await stat(path.join(dir, r))).mtimeMs);
  }
  return out;
}

async function states(env: string): Promise<Map<string, string>> {
  const store = new SqliteTriggerStore(path.join(target(env), '.millrace', 'state.db'));
  const list = await store.listStates();
  await store.close();
  return new Map(list.map((s) => [s.trigger, s.runtimeState]));
}

async function runDeployed(env: string, pipeline: string): Promise<string> {
  const millrace = await createMillrace({ projectDir: target(env), environment: env });
  try {
    return (await millrace.runPipeline(pipeline)).status;
  } finally {
    await millrace.close();
  }
}

const noSecrets = (value: unknown): void => {
  const text = JSON.stringify(value);
  expect(text).not.toContain(QA_SECRET);
  expect(text).not.toContain(PROD_SECRET);
};

beforeAll(async () => {
  root = await createDeployProject();
  v1 = await build('dist-v1', 'v1');
  await writeProjectFile(root, 'factory/pipeline/PL_A.json', pipelineJson('PL_A', 1));
  v2 = await build('dist-v2', 'v2');
});

describe('deploy', () => {
  it('deploys dev → qa → prod (prod needs an approval by another identity)', async () => {
    const dev = await deployProject({ projectDir: root, environment: 'dev', bundle: v1, actor: 'alice' });
    expect(dev.status).toBe('applied');
    expect(dev.diff.summary).toEqual({ added: 6, changed: 0, removed: 0 });
    const qa = await deployProject({ projectDir: root, environment: 'qa', bundle: v1, actor: 'alice' });
    expect(qa.status).toBe('applied');
    expect(await runDeployed('qa', 'PL_A')).toBe('Succeeded');

    // On protected prod, --actor proves nothing: without a registered key nothing is requested.
    await expect(
      deployProject({ projectDir: root, environment: 'prod', bundle: v1, actor: 'alice' }),
    ).rejects.toMatchObject({ code: 'deploy/unverified-actor' });
    const asked = await deployProject({
      projectDir: root,
      environment: 'prod',
      bundle: v1,
      signingKey: key('alice'),
    });
    expect(asked.status).toBe('pending-approval');
    expect(asked.pending?.requestedBy).toBe('alice');
    // The request keeps the what-if the approver reviews (the UI shows it with the pending request).
    expect(asked.pending?.changes?.map((c) => `${c.action} ${c.kind}/${c.name}`)).toContain(
      'add pipeline/PL_A',
    );
    const id = asked.pending?.id ?? '';
    await expect(
      approveProjectDeployment({
        projectDir: root,
        environment: 'prod',
        pendingId: id,
        actor: 'ALICE',
        signingKey: key('alice'),
      }),
    ).rejects.toMatchObject({ code: 'deploy/self-approval' });
    // Claiming to be bob with alice's key is refused; so is claiming bob with no key at all.
    await expect(
      approveProjectDeployment({
        projectDir: root,
        environment: 'prod',
        pendingId: id,
        actor: 'bob',
        signingKey: key('alice'),
      }),
    ).rejects.toMatchObject({ code: 'deploy/unverified-actor' });
    await expect(
      approveProjectDeployment({ projectDir: root, environment: 'prod', pendingId: id, actor: 'bob' }),
    ).rejects.toMatchObject({ code: 'deploy/unverified-actor' });
    const notYet = await deployProject({
      projectDir: root,
      environment: 'prod',
      bundle: v1,
      yes: true,
      signingKey: key('carol'),
    });
    expect(notYet.status).toBe('pending-approval');
    const approval = await approveProjectDeployment({
      projectDir: root,
      environment: 'prod',
      pendingId: id,
      signingKey: key('bob'),
    });
    // The approval carries bob's signature, which his registered public key verifies.
    expect(approval.approvedBy).toBe('bob');
    const { resolveEnvironment, resolveProject, verifySignedAction } = await import('../config/index.js');
    const prodEnv = await resolveEnvironment(await resolveProject(root), 'prod');
    expect(approval.approvalProof?.statement).toContain(`millrace/approve/prod/${id}/`);
    expect(verifySignedAction(prodEnv, approval.approvalProof!)).toBe(true);
    expect(verifySignedAction(prodEnv, { ...approval.approvalProof!, actor: 'carol' })).toBe(false);
    const waiting = await deployProject({
      projectDir: root,
      environment: 'prod',
      bundle: v1,
      signingKey: key('alice'),
    });
    expect(waiting.status).toBe('approved');
    const applied = await deployProject({
      projectDir: root,
      environment: 'prod',
      bundle: v1,
      yes: true,
      signingKey: key('alice'),
    });
    expect(applied.status).toBe('applied');
    expect(applied.deployment?.approvedBy).toBe('bob');
    const history = await deploymentHistory({ projectDir: root, environment: 'prod' });
    expect(history.deployments).toHaveLength(1);
    expect(history.pending).toHaveLength(0);
    noSecrets([dev, qa, asked, applied, history]);
  });

  it('a request only records the approval of a protected environment; an unprotected one is refused', async () => {
    const prod = { projectDir: root, environment: 'prod', bundle: v2, signingKey: key('alice') };
    const before = await deploymentHistory(prod);
    const asked = await deployProject({ ...prod, request: true, yes: true });
    expect(asked.status).toBe('pending-approval');
    const again = await deployProject({ ...prod, request: true });
    expect(again.pending?.id).toBe(asked.pending?.id);
    await approveProjectDeployment({ ...prod, pendingId: asked.pending?.id ?? '', signingKey: key('bob') });
    // `yes` does not turn a request into an apply, even once approved.
    const approved = await deployProject({ ...prod, request: true, yes: true });
    expect(approved.status).toBe('approved');
    expect((await deploymentHistory(prod)).deployments).toEqual(before.deployments);

    const qa = { projectDir: root, environment: 'qa', bundle: v2, actor: 'alice', request: true };
    const qaBefore = await deploymentHistory(qa);
    await expect(deployProject(qa)).rejects.toMatchObject({ code: 'deploy/not-protected' });
    expect(await deploymentHistory(qa)).toEqual(qaBefore);
  });

  it('shows exactly the changed property with its old and new value, and changes nothing on what-if', async () => {
    const before = await files(target('qa'));
    const plan = await deployProject({ projectDir: root, environment: 'qa', bundle: v2, whatIf: true });
    expect(plan.status).toBe('what-if');
    expect(plan.diff.resources).toEqual([
      {
        action: 'change',
        kind: 'pipeline',
        name: 'PL_A',
        changes: [
          {
            op: '~',
            path: ['properties', 'activities', 0, 'typeProperties', 'waitTimeInSeconds'],
            pathText: 'properties.activities[0].typeProperties.waitTimeInSeconds',
            before: 0,
            after: 1,
          },
        ],
      },
    ]);
    expect(plan.triggers).toEqual({ stop: ['TR_A'], restart: ['TR_A'] });
    expect(await files(target('qa'))).toEqual(before);
  });

  it('is idempotent: a second deploy of the same bundle finds no changes and rewrites no file', async () => {
    const before = await files(target('qa'));
    const again = await deployProject({ projectDir: root, environment: 'qa', bundle: v1 });
    expect(again.status).toBe('no-changes');
    expect(again.diff.resources).toEqual([]);
    expect(await files(target('qa'))).toEqual(before);
    expect((await deploymentHistory({ projectDir: root, environment: 'qa' })).deployments).toHaveLength(1);
  });

  it('stops and restarts exactly the running triggers whose pipelines change', async () => {
    const store = new SqliteTriggerStore(path.join(target('qa'), '.millrace', 'state.db'));
    await store.setState('TR_B', 'Started', 1);
    await store.close();
    const out = await deployProject({ projectDir: root, environment: 'qa', bundle: v2 });
    expect(out.status).toBe('applied');
    expect(out.deployment?.stoppedTriggers).toEqual(['TR_A']);
    expect(out.deployment?.restartedTriggers).toEqual(['TR_A']);
    expect(await states('qa')).toEqual(
      new Map([
        ['TR_A', 'Started'],
        ['TR_B', 'Started'],
      ]),
    );
  });

  it('rolls back to the previous bundle', async () => {
    const back = await deployProject({ projectDir: root, environment: 'qa', rollback: true, actor: 'alice' });
    expect(back.status).toBe('applied');
    expect(back.version).toBe('v1');
    expect(back.deployment?.kind).toBe('rollback');
    expect(back.diff.resources.map((r) => `${r.kind}/${r.name}`)).toEqual(['pipeline/PL_A']);
    await expect(
      deployProject({ projectDir: root, environment: 'qa', rollback: true }),
    ).rejects.toMatchObject({ code: 'deploy/nothing-to-roll-back' });
  });

  it('refuses a tampered bundle', async () => {
    const file = path.join(v2, 'bundle.json');
    const text = await readFile(file, 'utf8');
    const bad = path.join(root, 'tampered.json');
    await writeFile(bad, text.replace('"waitTimeInSeconds": 1', '"waitTimeInSeconds": 9'));
    await expect(deployProject({ projectDir: root, environment: 'qa', bundle: bad })).rejects.toMatchObject({
      code: 'deploy/tampered-bundle',
    });
  });

  it.each(['bundle-saved', 'triggers-stopped', 'version-written'] as const)(
    'leaves the old version live and runnable when interrupted after %s',
    async (step) => {
      const before = (await deploymentHistory({ projectDir: root, environment: 'qa' })).deployments.length;
      const current = await readFile(
        path.join(target('qa'), 'current', 'factory', 'pipeline', 'PL_A.json'),
        'utf8',
      );
      await expect(
        deployProject({
          projectDir: root,
          environment: 'qa',
          bundle: v2,
          afterStep: (s) => {
            if (s === step) throw new Error(`killed after ${s}`);
          },
        }),
      ).rejects.toThrow('killed');
      expect(
        await readFile(path.join(target('qa'), 'current', 'factory', 'pipeline', 'PL_A.json'), 'utf8'),
      ).toBe(current);
      expect(await runDeployed('qa', 'PL_A')).toBe('Succeeded');
      // The next deploy completes it, and starts again the trigger the interrupted one stopped.
      const next = await deployProject({ projectDir: root, environment: 'qa', bundle: v1 });
      expect(next.status).toBe('no-changes');
      expect((await states('qa')).get('TR_A')).toBe('Started');
      expect((await deploymentHistory({ projectDir: root, environment: 'qa' })).deployments).toHaveLength(
        before,
      );
    },
  );

  it('serializes deploys: a held lock fails clearly, a dead process lock is taken over', async () => {
    const lock = await acquireDeployLock(path.join(target('qa'), 'deploy-lock.db'), { environment: 'qa' });
    await expect(deployProject({ projectDir: root, environment: 'qa', bundle: v2 })).rejects.toMatchObject({
      code: 'deploy/locked',
    });
    await lock.release();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    const { hostname } = await import('node:os');
    // The lock as a process that died while deploying left it: its row, with a lease still running.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(target('qa'), 'deploy-lock.db'));
    db.prepare(
      'INSERT OR REPLACE INTO holder (id, token, pid, host, at, expires) VALUES (1, ?, ?, ?, ?, ?)',
    ).run('dead', Number(dead), hostname(), new Date().toISOString(), Date.now() + 60_000);
    db.close();
    const out: DeployOutcome = await deployProject({ projectDir: root, environment: 'qa', bundle: v2 });
    expect(out.status).toBe('applied');
  });

  it('never shows a secret: a changed SecureString appears as ***', async () => {
    await writeProjectFile(root, 'environments/qa.json', {
      linkedServices: { LS_Files: { typeProperties: { host: 'data/qa' } } },
      overrides: [
        {
          resource: 'linkedService/LS_Files',
          path: 'properties.typeProperties.password',
          value: { type: 'SecureString', value: `${QA_SECRET}-rotated` },
        },
      ],
    });
    const plan = await deployProject({ projectDir: root, environment: 'qa', bundle: v2, whatIf: true });
    expect(plan.diff.resources).toEqual([
      {
        action: 'change',
        kind: 'linkedService',
        name: 'LS_Files',
        changes: [
          {
            op: '~',
            path: ['properties', 'typeProperties', 'password', 'value'],
            pathText: 'properties.typeProperties.password.value',
            before: '***',
            after: '***',
          },
        ],
      },
    ]);
    noSecrets(plan);
    noSecrets(await readFile(path.join(target('qa'), 'deployments.json'), 'utf8'));
  });
});

export { triggerJson };

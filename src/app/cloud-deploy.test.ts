import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeCredential, startCloudFake } from '../../test/fakes/cloud-fake.js';
import type { CloudFake } from '../../test/fakes/cloud-fake.js';
import { fetchTrusting } from '../../test/fakes/https-fetch.js';
import { createSigningKeyPair } from '../config/index.js';
import { assertRun } from './assert-run.js';
import { buildProject } from './build-project.js';
import type { CloudTestHooks } from './cloud-wiring.js';
import { approveProjectDeployment, deployProject, deploymentHistory } from './deploy-service.js';
import { runRemotePipeline } from './remote-run.js';

const SECRETS = { tenant: 't1', clientId: 'c1', clientSecret: 'sp-secret-xyz', databricksToken: 'dapi-xyz' };
let fake: CloudFake;
let hooks: CloudTestHooks;
let root: string;

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
async function put(rel: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), typeof value === 'string' ? value : json(value));
}
const wait = (name: string, seconds: number, extra: object = {}) => ({
  name,
  properties: {
    activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: seconds } }],
    ...extra,
  },
});
const trigger = (name: string, pipeline: string, interval = 1) => ({
  name,
  properties: {
    type: 'ScheduleTrigger',
    runtimeState: 'Started',
    pipelines: [{ pipelineReference: { referenceName: pipeline, type: 'PipelineReference' } }],
    typeProperties: { recurrence: { frequency: 'Hour', interval, startTime: '2026-01-01T00:00:00Z' } },
  },
});

async function envFile(cloud: Record<string, unknown>): Promise<void> {
  await put('environments/prod.json', {
    globalParameters: { region: 'prod-region' },
    secrets: { providers: { ci: { type: 'env', prefix: 'CLOUDTEST_' } } },
    cloud: {
      secretsProvider: 'ci',
      dataFactory: { subscriptionId: 's1', resourceGroup: 'rg', factoryName: 'adf', endpoint: fake.url },
      databricks: {
        host: fake.url,
        token: { secret: 'dbx-token' },
        notebookPaths: { '/Shared/team': '/Prod/team' },
        secretScope: { name: 'app', secrets: { 'db-password': 'db-password' } },
      },
      ...cloud,
    },
  });
}

async function build(): Promise<string> {
  const r = await buildProject({ projectDir: root, outDir: path.join(root, 'out'), version: '1' });
  if (!r.built) throw new Error(JSON.stringify(r.report.diagnostics));
  return r.outDir;
}

const deploy = async (
  o: { whatIf?: boolean; deleteRemoved?: boolean; actor?: string; signingKey?: string; yes?: boolean } = {},
) => deployProject({ projectDir: root, environment: 'prod', bundle: await build(), cloudHooks: hooks, ...o });

beforeAll(async () => {
  fake = await startCloudFake(SECRETS);
  process.env['CLOUDTEST_DBX_TOKEN'] = SECRETS.databricksToken;
  process.env['CLOUDTEST_DB_PASSWORD'] = 'db-pass-value';
});
afterAll(() => fake.close());

beforeEach(async () => {
  for (const m of [fake.factory, fake.notebooks, fake.scopes]) m.clear();
  fake.log.length = 0;
  hooks = {
    credential: fakeCredential(fake),
    ca: fake.cert,
    fetch: fetchTrusting(fake.cert),
    pollSeconds: 0.01,
  };
  root = await mkdtemp(path.join(tmpdir(), 'millrace-cloud-'));
  await put('millrace.json', {
    factory: 'factory',
    notebooks: { '/Shared/team': 'notebooks' },
    environments: { prod: { parameters: 'environments/prod.json' } },
  });
  await put('factory/factory/adf.json', {
    name: 'adf',
    properties: { globalParameters: { region: { type: 'String', value: 'dev-region' } } },
  });
  await put('factory/integrationRuntime/IR_Self.json', {
    name: 'IR_Self',
    properties: { type: 'SelfHosted' },
  });
  await put('factory/linkedService/LS_Files.json', {
    name: 'LS_Files',
    properties: {
      type: 'FileServer',
      typeProperties: { host: 'data' },
      connectVia: { referenceName: 'IR_Self', type: 'IntegrationRuntimeReference' },
    },
  });
  await put('factory/dataset/DS_In.json', {
    name: 'DS_In',
    properties: {
      type: 'Json',
      linkedServiceName: { referenceName: 'LS_Files', type: 'LinkedServiceReference' },
      typeProperties: { location: { type: 'FileServerLocation', fileName: 'in.json' } },
    },
  });
  await put('factory/pipeline/PL_Child.json', wait('PL_Child', 1));
  await put('factory/pipeline/PL_A.json', {
    name: 'PL_A',
    properties: {
      activities: [
        {
          name: 'Run',
          type: 'ExecutePipeline',
          typeProperties: { pipeline: { referenceName: 'PL_Child', type: 'PipelineReference' } },
        },
      ],
    },
  });
  await put('factory/pipeline/PL_B.json', wait('PL_B', 2));
  await put('factory/trigger/TR_A.json', trigger('TR_A', 'PL_A'));
  await put('factory/trigger/TR_B.json', trigger('TR_B', 'PL_B'));
  await put('notebooks/etl/clean.py', '# Databricks notebook source\nprint("clean")\n');
  await envFile({});
});

const puts = (): string[] =>
  fake.log.filter((l) => l.startsWith('PUT ')).map((l) => l.split('/factories/adf/')[1]!);
const triggerOps = (): string[] =>
  fake.log.filter((l) => /\/triggers\/[^/]+\/(start|stop)$/.test(l)).map((l) => l.split('/triggers/')[1]!);

describe('deploy to an Azure Data Factory and Databricks workspace (fakes)', () => {
  it('what-if lists everything, the apply writes in dependency order, and a second what-if shows no changes', async () => {
    const plan = await deploy({ whatIf: true });
    expect(plan.status).toBe('what-if');
    expect(plan.diff.resources.map((r) => `${r.action} ${r.kind}/${r.name}`)).toEqual(
      expect.arrayContaining([
        'add pipeline/PL_A',
        'add trigger/TR_A',
        'add integrationRuntime/IR_Self',
        'add notebookFile//Prod/team/etl/clean',
        'add secret/app.db-password',
      ]),
    );
    expect([...fake.factory.values()].every((m) => m.size === 0)).toBe(true);
    const applied = await deploy();
    expect(applied.status).toBe('applied');
    expect(puts()).toEqual([
      'globalParameters/default',
      'integrationRuntimes/IR_Self',
      'linkedservices/LS_Files',
      'datasets/DS_In',
      // PL_A runs PL_Child (Execute Pipeline): the child is written first.
      'pipelines/PL_Child',
      'pipelines/PL_A',
      'pipelines/PL_B',
      'triggers/TR_A',
      'triggers/TR_B',
    ]);
    // ARM keeps a trigger's runtimeState: new triggers are created stopped, and none was running before.
    expect(triggerOps()).toEqual([]);
    expect(fake.notebooks.get('/Prod/team/etl/clean')).toMatchObject({ language: 'PYTHON' });
    // The environment's value of a global parameter, in the factory's global parameter set.
    expect(fake.factory.get('globalparameters')?.get('default')?.['properties']).toEqual({
      region: { type: 'String', value: 'prod-region' },
    });
    expect(fake.scopes.get('app')?.get('db-password')).toBe('db-pass-value');
    const again = await deploy({ whatIf: true });
    expect(again.diff.resources).toEqual([]);
    // The service adds empty defaults the git files omit: no change for the what-if.
    const live = fake.factory.get('pipelines')!.get('PL_B')!['properties'] as Record<string, unknown>;
    Object.assign(live, { annotations: [], parameters: {} });
    expect((await deploy({ whatIf: true })).diff.resources).toEqual([]);
    expect((await deploy()).status).toBe('no-changes');
  });

  it('stops only the running triggers whose pipeline or definition changes, and starts exactly those again', async () => {
    await deploy();
    fake.log.length = 0;
    for (const t of ['TR_A', 'TR_B'])
      (fake.factory.get('triggers')!.get(t)!['properties'] as Record<string, unknown>)['runtimeState'] =
        'Started';
    await put('factory/pipeline/PL_A.json', { ...wait('PL_A', 9) });
    const out = await deploy();
    expect(out.triggers).toEqual({ stop: ['TR_A'], restart: ['TR_A'] });
    const order = fake.log
      .filter((l) => /start$|stop$|PUT /.test(l))
      .map((l) => l.split('/factories/adf/')[1]);
    expect(order).toEqual(['triggers/TR_A/stop', 'pipelines/PL_A', 'triggers/TR_A/start']);
    // Start and stop are long-running operations: the client polled the Location the service gave.
    expect(fake.log.filter((l) => l.includes('/operationResults/')).length).toBeGreaterThanOrEqual(2);
    const state = (t: string) =>
      (fake.factory.get('triggers')!.get(t)!['properties'] as Record<string, unknown>)['runtimeState'];
    expect([state('TR_A'), state('TR_B')]).toEqual(['Started', 'Started']);
    // A changed trigger definition: ADF refuses to update a started trigger, so it is stopped first.
    await put('factory/trigger/TR_B.json', trigger('TR_B', 'PL_B', 3));
    expect((await deploy()).triggers).toEqual({ stop: ['TR_B'], restart: ['TR_B'] });
    expect(state('TR_B')).toBe('Started');
  });

  it('keeps resources removed from the bundle unless deleting is opted in, and shows the deletes in what-if', async () => {
    await deploy();
    await rm(path.join(root, 'factory/pipeline/PL_B.json'));
    await rm(path.join(root, 'factory/trigger/TR_B.json'));
    const kept = await deploy();
    expect(kept.kept).toEqual(['pipeline/PL_B', 'trigger/TR_B']);
    expect(fake.factory.get('pipelines')!.has('PL_B')).toBe(true);
    const plan = await deploy({ whatIf: true, deleteRemoved: true });
    expect(plan.diff.resources.map((r) => `${r.action} ${r.kind}/${r.name}`)).toEqual([
      'remove pipeline/PL_B',
      'remove trigger/TR_B',
    ]);
    fake.log.length = 0;
    await deploy({ deleteRemoved: true });
    expect(fake.log.filter((l) => l.startsWith('DELETE')).map((l) => l.split('/factories/adf/')[1])).toEqual([
      'triggers/TR_B',
      'pipelines/PL_B',
    ]);
    expect((await deploy({ whatIf: true, deleteRemoved: true })).diff.resources).toEqual([]);
  });

  it('a failure mid-way writes a report (applied actions, triggers left stopped, resume command); resuming finishes', async () => {
    await deploy();
    (fake.factory.get('triggers')!.get('TR_A')!['properties'] as Record<string, unknown>)['runtimeState'] =
      'Started';
    await put('factory/pipeline/PL_Child.json', wait('PL_Child', 5));
    await put('factory/pipeline/PL_A.json', {
      name: 'PL_A',
      properties: {
        activities: [
          {
            name: 'Run',
            type: 'ExecutePipeline',
            typeProperties: {
              pipeline: { referenceName: 'PL_Child', type: 'PipelineReference' },
              waitOnCompletion: true,
            },
          },
        ],
      },
    });
    fake.failNext('PUT', /pipelines\/PL_A$/, 409, 'ResourceConflict');
    const err = (await deploy().catch((e: unknown) => e)) as { code: string; message: string; hint: string };
    expect(err).toMatchObject({ code: 'deploy/cloud-apply-failed' });
    expect(err.message).toContain('ResourceConflict');
    const report = JSON.parse(
      await readFile(path.join(root, '.millrace/envs/prod/cloud/report.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(report).toMatchObject({
      applied: ['stop trigger/TR_A', 'put pipeline/PL_Child'],
      stoppedTriggers: ['TR_A'],
    });
    expect(String(report['resume'])).toMatch(/^millrace deploy .* --env prod$/);
    expect(err.hint).toContain(String(report['resume']));
    const resumed = await deploy();
    expect(resumed.status).toBe('applied');
    expect(
      (fake.factory.get('triggers')!.get('TR_A')!['properties'] as Record<string, unknown>)['runtimeState'],
    ).toBe('Started');
    await expect(readFile(path.join(root, '.millrace/envs/prod/cloud/report.json'))).rejects.toThrow();
  });

  it('maps an ARM error to one line with its code, and names the file and path of a missing target setting', async () => {
    hooks = {
      ...hooks,
      credential: {
        getToken: () => Promise.resolve({ token: 'not-issued', expiresOnTimestamp: Date.now() + 60_000 }),
      },
    };
    const err = (await deploy({ whatIf: true }).catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect(err.code).toBe('cloud/azure-failed');
    expect(err.message).toMatch(
      /^Azure listing globalParameters of s1\/rg\/adf failed \(HTTP 401\): AuthenticationFailed: /,
    );
    expect(err.message).not.toContain('not-issued');
    process.env['CLOUDTEST_DBX_TOKEN'] = 'dapi-wrong-token';
    hooks = { ...hooks, credential: fakeCredential(fake) };
    const denied = (await deploy({ whatIf: true }).catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    process.env['CLOUDTEST_DBX_TOKEN'] = SECRETS.databricksToken;
    expect(denied.code).toBe('cloud/databricks-failed');
    expect(denied.message).toMatch(/\(HTTP 403\): PERMISSION_DENIED: /);
    expect(denied.message).not.toContain('dapi-wrong-token');
    hooks = { ca: fake.cert, fetch: hooks.fetch! };
    const missing = (await deploy({ whatIf: true }).catch((e: unknown) => e)) as {
      code: string;
      location: unknown;
    };
    expect(missing).toMatchObject({
      code: 'config/missing-cloud-target',
      location: { file: 'environments/prod.json', path: ['cloud', 'credentials'] },
    });
    await envFile({ dataFactory: { subscriptionId: 's1', resourceGroup: 'rg' } });
    const invalid = (await deploy({ whatIf: true }).catch((e: unknown) => e)) as {
      code: string;
      location: unknown;
    };
    expect(invalid).toMatchObject({
      code: 'config/invalid-environment',
      location: { path: ['cloud', 'dataFactory', 'factoryName'] },
    });
  });

  it('run --remote: creates the run in the factory, follows its activity runs and gives the run document', async () => {
    await put('factory/pipeline/PL_Fail.json', {
      name: 'PL_Fail',
      properties: {
        parameters: { day: { type: 'string' }, batch: { type: 'int' } },
        activities: [
          { name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } },
          {
            name: 'Boom',
            type: 'Fail',
            dependsOn: [{ activity: 'W', dependencyConditions: ['Succeeded'] }],
            typeProperties: { message: 'x', errorCode: '500' },
          },
        ],
      },
    });
    await deploy();
    const events: string[] = [];
    const doc = await runRemotePipeline({
      projectDir: root,
      environment: 'prod',
      pipeline: 'PL_Fail',
      rawParameters: { day: '2026-01-02', batch: '7' },
      pollMs: 5,
      cloudHooks: hooks,
      onEvent: (e) => events.push(e.kind === 'activity-finished' ? `${e.activityName} ${e.status}` : e.kind),
    });
    expect(doc).toMatchObject({
      pipeline: 'PL_Fail',
      status: 'Failed',
      parameters: { day: '2026-01-02', batch: '7' },
      environment: 'prod',
    });
    // Sent typed, by the pipeline's declarations (ADF reports run parameters back as strings).
    expect(fake.createRunBodies.at(-1)).toEqual({ day: '2026-01-02', batch: 7 });
    expect(doc.activityRuns.map((a) => [a.activityName, a.status, a.error?.errorCode])).toEqual([
      ['W', 'Succeeded', undefined],
      ['Boom', 'Failed', '500'],
    ]);
    expect(events).toEqual(['activity-started', 'W Succeeded', 'activity-started', 'Boom Failed']);
    expect(fake.log).toContain(
      `POST /subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataFactory/factories/adf/pipelineruns/${doc.runId}/queryActivityruns`,
    );
    const [ok, bad] = assertRun(doc, [
      "@equals(activity('W').status, 'Succeeded')",
      "@equals(activity('Boom').status, 'Succeeded')",
    ]);
    expect([ok?.passed, bad?.passed]).toEqual([true, false]);
  });

  it('a protected environment applies only an approval by another identity, with --yes', async () => {
    // alice and bob prove who they are with their registered signing keys (see docs/deploy.md).
    const approvers: Record<string, string> = {};
    const key: Record<string, string> = {};
    for (const name of ['alice', 'bob']) {
      const pair = createSigningKeyPair();
      key[name] = path.join(root, `${name}.pem`);
      await writeFile(key[name], pair.privateKeyPem, { mode: 0o600 });
      approvers[name] = pair.publicKey;
    }
    await put('millrace.json', {
      factory: 'factory',
      notebooks: { '/Shared/team': 'notebooks' },
      environments: { prod: { parameters: 'environments/prod.json', protected: true, approvers } },
    });
    await expect(deploy({ actor: 'alice' })).rejects.toMatchObject({ code: 'deploy/unverified-actor' });
    const requested = await deploy({ signingKey: key['alice']! });
    expect(requested.status).toBe('pending-approval');
    expect(fake.log.some((l) => l.startsWith('PUT '))).toBe(false);
    const id = requested.pending!.id;
    await expect(
      approveProjectDeployment({
        projectDir: root,
        environment: 'prod',
        pendingId: id,
        signingKey: key['alice']!,
      }),
    ).rejects.toMatchObject({ code: 'deploy/self-approval' });
    await approveProjectDeployment({
      projectDir: root,
      environment: 'prod',
      pendingId: id,
      signingKey: key['bob']!,
    });
    expect((await deploy({ signingKey: key['alice']! })).status).toBe('approved');
    expect(fake.log.some((l) => l.startsWith('PUT '))).toBe(false);
    const applied = await deploy({ signingKey: key['alice']!, yes: true });
    expect(applied.status).toBe('applied');
    expect(fake.factory.get('pipelines')?.size).toBe(3);
    const history = await deploymentHistory({ projectDir: root, environment: 'prod' });
    expect(history.pending).toEqual([]);
    expect(history.deployments.map((d) => [d.actor, d.approvedBy])).toEqual([['alice', 'bob']]);
  });

  it('--rollback deploys the bundle applied before the current one, against the live factory', async () => {
    await deploy();
    await put('factory/pipeline/PL_B.json', wait('PL_B', 7));
    await deploy();
    const live = () =>
      (
        fake.factory.get('pipelines')!.get('PL_B')!['properties'] as {
          activities: { typeProperties: { waitTimeInSeconds: number } }[];
        }
      ).activities[0]!.typeProperties.waitTimeInSeconds;
    expect(live()).toBe(7);
    const back = await deployProject({
      projectDir: root,
      environment: 'prod',
      rollback: true,
      cloudHooks: hooks,
    });
    expect(back).toMatchObject({ status: 'applied', rollback: true, deployment: { kind: 'rollback' } });
    expect(back.diff.resources.map((r) => `${r.action} ${r.kind}/${r.name}`)).toEqual([
      'change pipeline/PL_B',
    ]);
    expect(live()).toBe(2);
  });
});

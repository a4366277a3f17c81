import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteModelRegistry, SqliteTrackingStore } from '../store/index.js';
import { mlArtifactRoot } from './ml-wiring.js';
import { openModels } from './models-admin.js';
import type { ModelsAdmin } from './models-admin.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-promote-'));
let models: ModelsAdmin;

/** A project with `qa` (open) and `prod` (protected), and two trained versions of `price` in the default registry. */
async function writeProject(): Promise<void> {
  mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
  mkdirSync(join(dir, 'environments'));
  writeFileSync(join(dir, 'environments', 'env.json'), '{}');
  writeFileSync(
    join(dir, 'millrace.json'),
    JSON.stringify({
      factory: 'factory',
      environments: {
        qa: { parameters: 'environments/env.json' },
        prod: { parameters: 'environments/env.json', protected: true },
      },
    }),
  );
  const db = join(dir, '.millrace', 'state.db');
  const tracking = new SqliteTrackingStore(db);
  const registry = new SqliteModelRegistry(db);
  await tracking.createExperiment({
    name: 'Default',
    tags: [],
    now: 1,
    artifactLocation: (id) => `mlflow-artifacts:/${id}`,
  });
  await registry.createRegisteredModel('default', {
    name: 'price',
    description: 'house prices',
    tags: [],
    now: 1,
  });
  for (const run of ['r1', 'r2']) {
    await tracking.createRun(
      {
        run_id: run,
        run_name: run,
        experiment_id: '0',
        user_id: 'u',
        status: 'FINISHED',
        start_time: 1,
        artifact_uri: `mlflow-artifacts:/0/${run}/artifacts`,
        lifecycle_stage: 'active',
      },
      [{ key: 'millrace.pipelineRunId', value: `pipeline-${run}` }],
    );
    const folder = join(mlArtifactRoot(dir), '0', run, 'artifacts', 'model');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'MLmodel'), `trained by ${run}`);
    await registry.createModelVersion('default', {
      name: 'price',
      source: `runs:/${run}/model`,
      storage_location: `mlflow-artifacts:/0/${run}/artifacts/model`,
      run_id: run,
      description: '',
      tags: [],
      now: 2,
    });
  }
  await tracking.close();
  await registry.close();
}

beforeAll(async () => {
  await writeProject();
  models = await openModels({ projectDir: dir });
});
afterAll(async () => {
  await models.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('model promotion across environments', () => {
  it('promotes into an open environment at once, copying artifacts and lineage', async () => {
    const p = await models.promote({ name: 'price', version: '2', to: 'qa', actor: 'alice' });
    expect(p).toMatchObject({ status: 'applied', targetVersion: '1', pipelineRunId: 'pipeline-r2' });
    const v = (await models.versions('price', 'qa'))[0];
    expect(v?.aliases).toEqual(['champion']);
    expect(v?.tags).toContainEqual({ key: 'millrace.promotedFrom', value: 'default/price/2' });
    const copied = join(mlArtifactRoot(dir), 'registry', 'qa', 'price', p.id, 'MLmodel');
    expect(readFileSync(copied, 'utf8')).toBe('trained by r2');
  });

  it('needs another identity to approve a protected environment, then keeps who and when', async () => {
    const p1 = await models.promote({ name: 'price', version: '1', to: 'prod', actor: 'alice' });
    expect(p1.status).toBe('pending');
    await expect(models.getModel('price', 'prod')).rejects.toMatchObject({ code: 'ml/unknown-model' });
    await expect(models.approve({ env: 'prod', id: p1.id, actor: 'alice' })).rejects.toMatchObject({
      code: 'ml/self-approval',
    });
    const a1 = await models.approve({ env: 'prod', id: p1.id, actor: 'bob' });
    expect(a1).toMatchObject({ status: 'applied', approvedBy: 'bob', targetVersion: '1' });
    await expect(models.approve({ env: 'prod', id: p1.id, actor: 'carol' })).rejects.toMatchObject({
      code: 'ml/unknown-promotion',
    });
    const p2 = await models.promote({ name: 'price', version: '2', to: 'prod', actor: 'alice' });
    await models.approve({ env: 'prod', id: p2.id, actor: 'carol' });
    expect((await models.getModel('price', 'prod')).aliases).toEqual([{ alias: 'champion', version: '2' }]);

    const history = await models.history('price', 'prod');
    expect(
      history.aliases.map((e) => [e.version, e.actor, e.promotion?.requestedBy, e.promotion?.pipelineRunId]),
    ).toEqual([
      ['1', 'bob', 'alice', 'pipeline-r1'],
      ['2', 'carol', 'alice', 'pipeline-r2'],
    ]);
    expect(history.promotions.map((p) => p.status)).toEqual(['applied', 'applied']);
  });

  it('rolls the alias back to the version before', async () => {
    expect(await models.rollback({ name: 'price', env: 'prod', actor: 'dave' })).toEqual({
      from: '2',
      to: '1',
    });
    expect((await models.getModel('price', 'prod')).aliases).toEqual([{ alias: 'champion', version: '1' }]);
    const last = (await models.history('price', 'prod')).aliases.at(-1);
    expect(last).toMatchObject({ version: '1', actor: 'dave' });
    await expect(models.rollback({ name: 'price', env: 'qa' })).rejects.toMatchObject({
      code: 'ml/nothing-to-roll-back',
    });
  });

  it('refuses unknown versions and environments with clear errors', async () => {
    await expect(models.promote({ name: 'price', version: '9', to: 'qa' })).rejects.toMatchObject({
      code: 'ml/unknown-model-version',
    });
    await expect(models.promote({ name: 'price', version: '1', to: 'nowhere' })).rejects.toMatchObject({
      code: 'config/unknown-environment',
    });
    // Every copy went through a temp file that was renamed: none is left.
    expect(readdirSync(join(mlArtifactRoot(dir), '.uploading'))).toEqual([]);
  });
});

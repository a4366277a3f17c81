import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModels } from './models-admin.js';
import { mlSigningKeyOf, writeModelsProject } from './testing/ml-fixture.js';
import type { ModelsAdmin } from './models-admin.js';
const mlArtifactRoot = (dir: string): string => join(dir, '.millrace', 'mlartifacts');

const dir = mkdtempSync(join(tmpdir(), 'millrace-promote-'));
let models: ModelsAdmin;
const key = (name: 'alice' | 'bob' | 'carol' | 'dave') => mlSigningKeyOf(dir, name);

beforeAll(async () => {
  await writeModelsProject(dir);
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
    // On protected prod a name proves nothing: each action is signed with a registered key.
    await expect(
      models.promote({ name: 'price', version: '1', to: 'prod', actor: 'alice' }),
    ).rejects.toMatchObject({
      code: 'deploy/unverified-actor',
    });
    const p1 = await models.promote({ name: 'price', version: '1', to: 'prod', signingKey: key('alice') });
    expect(p1.status).toBe('pending');
    await expect(models.getModel('price', 'prod')).rejects.toMatchObject({ code: 'ml/unknown-model' });
    await expect(models.approve({ env: 'prod', id: p1.id, signingKey: key('alice') })).rejects.toMatchObject({
      code: 'ml/self-approval',
    });
    await expect(models.approve({ env: 'prod', id: p1.id, actor: 'bob' })).rejects.toMatchObject({
      code: 'deploy/unverified-actor',
    });
    const a1 = await models.approve({ env: 'prod', id: p1.id, signingKey: key('bob') });
    expect(a1).toMatchObject({ status: 'applied', approvedBy: 'bob', targetVersion: '1' });
    await expect(models.approve({ env: 'prod', id: p1.id, signingKey: key('carol') })).rejects.toMatchObject({
      code: 'ml/unknown-promotion',
    });
    const p2 = await models.promote({ name: 'price', version: '2', to: 'prod', signingKey: key('alice') });
    await models.approve({ env: 'prod', id: p2.id, signingKey: key('carol') });
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
    expect(await models.rollback({ name: 'price', env: 'prod', signingKey: key('dave') })).toEqual({
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

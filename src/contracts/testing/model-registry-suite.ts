import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRegistryStore } from '../model-registry-store.js';

/** Makes a fresh, empty registry store. */
export interface ModelRegistryFactory {
  create(): Promise<ModelRegistryStore>;
}

/** The behaviour every ModelRegistryStore implementation must have. */
export function modelRegistryContractSuite(name: string, factory: ModelRegistryFactory): void {
  describe(`ModelRegistryStore contract: ${name}`, () => {
    let store: ModelRegistryStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => store.close());

    const model = (env: string, n: string) =>
      store.createRegisteredModel(env, { name: n, description: '', tags: [], now: 1 });
    const version = (env: string, n: string, runId = 'r') =>
      store.createModelVersion(env, {
        name: n,
        source: `runs:/${runId}/model`,
        storage_location: `mlflow-artifacts:/0/${runId}/artifacts/model`,
        run_id: runId,
        description: '',
        tags: [{ key: 'k', value: 'v' }],
        now: 2,
      });

    it('numbers versions per model and keeps each environment apart', async () => {
      await model('dev', 'm');
      await model('prod', 'm');
      expect((await version('dev', 'm')).version).toBe('1');
      expect((await version('dev', 'm')).version).toBe('2');
      expect((await version('prod', 'm')).version).toBe('1');
      expect((await store.listModelVersions('dev', 'm')).map((v) => v.version)).toEqual(['1', '2']);
      expect(await store.getModelVersion('qa', 'm', '1')).toBeUndefined();
      await expect(model('dev', 'm')).rejects.toMatchObject({ code: 'mlflow/resource-already-exists' });
      await expect(version('dev', 'nope')).rejects.toMatchObject({ code: 'mlflow/resource-does-not-exist' });
    });

    it('moves aliases, shows them on models and versions, and keeps their history', async () => {
      await model('dev', 'm');
      await version('dev', 'm');
      await version('dev', 'm');
      await store.setAlias('dev', 'm', 'champion', '1', { now: 10, actor: 'alice' });
      await store.setAlias('dev', 'm', 'champion', '2', { now: 20, actor: 'bob', detail: 'approved' });
      expect((await store.getRegisteredModel('dev', 'm'))?.aliases).toEqual([
        { alias: 'champion', version: '2' },
      ]);
      expect((await store.getModelVersion('dev', 'm', '2'))?.aliases).toEqual(['champion']);
      expect(await store.deleteAlias('dev', 'm', 'champion', { now: 30, actor: 'carol' })).toBe(true);
      expect(await store.deleteAlias('dev', 'm', 'champion', { now: 31, actor: 'carol' })).toBe(false);
      expect(await store.aliasHistory('dev', 'm')).toEqual([
        { alias: 'champion', version: '1', at: 10, actor: 'alice' },
        { alias: 'champion', version: '2', at: 20, actor: 'bob', detail: 'approved' },
        { alias: 'champion', at: 30, actor: 'carol' },
      ]);
      await expect(store.setAlias('dev', 'm', 'x', '9', { now: 1, actor: 'a' })).rejects.toMatchObject({
        code: 'mlflow/resource-does-not-exist',
      });
    });

    it('updates stages, descriptions and tags; renames and deletes models', async () => {
      await model('dev', 'm');
      await version('dev', 'm');
      await store.updateModelVersion('dev', 'm', '1', { current_stage: 'Staging', description: 'd', now: 5 });
      await store.setModelVersionTag('dev', 'm', '1', { key: 'k', value: 'w' });
      await store.setRegisteredModelTag('dev', 'm', { key: 'owner', value: 'ml' });
      const v = await store.getModelVersion('dev', 'm', '1');
      expect(v).toMatchObject({
        current_stage: 'Staging',
        description: 'd',
        tags: [{ key: 'k', value: 'w' }],
      });
      expect(v?.storage_location).toBe('mlflow-artifacts:/0/r/artifacts/model');
      await store.updateRegisteredModel('dev', 'm', { newName: 'n', now: 6 });
      expect(await store.getRegisteredModel('dev', 'm')).toBeUndefined();
      expect((await store.getRegisteredModel('dev', 'n'))?.tags).toEqual([{ key: 'owner', value: 'ml' }]);
      expect((await store.listModelVersions('dev', 'n')).length).toBe(1);
      await store.deleteModelVersion('dev', 'n', '1');
      expect(await store.listModelVersions('dev', 'n')).toEqual([]);
      await store.deleteRegisteredModel('dev', 'n');
      expect(await store.listRegisteredModels('dev')).toEqual([]);
    });

    it('keeps promotion records per target environment, replacing by id', async () => {
      const p = {
        id: 'p1',
        name: 'm',
        sourceEnv: 'dev',
        sourceVersion: '3',
        targetEnv: 'prod',
        alias: 'champion',
        requestedBy: 'alice',
        requestedAt: 5,
        status: 'pending' as const,
      };
      await store.putPromotion(p);
      await store.putPromotion({ ...p, id: 'p0', requestedAt: 1 });
      await store.putPromotion({
        ...p,
        status: 'applied',
        approvedBy: 'bob',
        targetVersion: '1',
        appliedAt: 9,
      });
      expect((await store.listPromotions('prod', 'm')).map((x) => [x.id, x.status])).toEqual([
        ['p0', 'pending'],
        ['p1', 'applied'],
      ]);
      expect(await store.listPromotions('qa')).toEqual([]);
    });
  });
}

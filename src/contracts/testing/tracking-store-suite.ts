import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MlRunFilterClause, MlRunInfo, MlRunSearch, TrackingStore } from '../tracking-store.js';

/** Makes a fresh, empty tracking store. */
export interface TrackingStoreFactory {
  create(): Promise<TrackingStore>;
}

const location = (id: string) => `mlflow-artifacts:/${id}`;

function runInfo(runId: string, experimentId: string, startTime: number): MlRunInfo {
  return {
    run_id: runId,
    run_name: runId,
    experiment_id: experimentId,
    user_id: 'u',
    status: 'RUNNING',
    start_time: startTime,
    artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    lifecycle_stage: 'active',
  };
}

/** The behaviour every TrackingStore implementation must have (run it once per implementation). */
export function trackingStoreContractSuite(name: string, factory: TrackingStoreFactory): void {
  describe(`TrackingStore contract: ${name}`, () => {
    let store: TrackingStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => store.close());

    const experiment = async (n: string) =>
      (await store.createExperiment({ name: n, tags: [], now: 1, artifactLocation: location })).experiment_id;

    it('numbers experiments from 0, finds them by id and name, refuses a taken name', async () => {
      expect(await experiment('Default')).toBe('0');
      const created = await store.createExperiment({
        name: 'e1',
        tags: [{ key: 'team', value: 'a' }],
        now: 5,
        artifactLocation: location,
      });
      expect(created).toMatchObject({
        experiment_id: '1',
        artifact_location: 'mlflow-artifacts:/1',
        tags: [{ key: 'team', value: 'a' }],
      });
      expect((await store.getExperimentByName('e1'))?.experiment_id).toBe('1');
      expect(await store.getExperiment('42')).toBeUndefined();
      await expect(experiment('e1')).rejects.toMatchObject({ code: 'mlflow/resource-already-exists' });
    });

    it('soft-deletes and renames experiments; views filter by lifecycle stage', async () => {
      await experiment('Default');
      const id = await experiment('e1');
      await store.updateExperiment(id, { lifecycle_stage: 'deleted', name: 'e1-old', last_update_time: 9 });
      expect((await store.listExperiments('ACTIVE_ONLY')).map((e) => e.name)).toEqual(['Default']);
      expect((await store.listExperiments('DELETED_ONLY')).map((e) => e.name)).toEqual(['e1-old']);
      expect((await store.listExperiments('ALL')).length).toBe(2);
      await expect(store.updateExperiment('77', { last_update_time: 1 })).rejects.toMatchObject({
        code: 'mlflow/resource-does-not-exist',
      });
    });

    it('keeps metric history and shows the value of the highest step as the latest', async () => {
      const e = await experiment('e');
      await store.createRun(runInfo('r1', e, 10), [{ key: 'mlflow.runName', value: 'r1' }]);
      await store.logBatch('r1', {
        metrics: [
          { key: 'loss', value: 0.5, timestamp: 100, step: 2 },
          { key: 'loss', value: 0.9, timestamp: 200, step: 1 },
        ],
        params: [{ key: 'alpha', value: '0.5' }],
        tags: [{ key: 't', value: 'x' }],
      });
      const run = await store.getRun('r1');
      expect(run?.data.metrics).toEqual([{ key: 'loss', value: 0.5, timestamp: 100, step: 2 }]);
      expect(run?.data.params).toEqual([{ key: 'alpha', value: '0.5' }]);
      expect((await store.getMetricHistory('r1', 'loss')).map((m) => m.step)).toEqual([1, 2]);
    });

    it('refuses a changed param and writes nothing of that batch', async () => {
      const e = await experiment('e');
      await store.createRun(runInfo('r1', e, 10), []);
      await store.logBatch('r1', { metrics: [], params: [{ key: 'a', value: '1' }], tags: [] });
      await expect(
        store.logBatch('r1', {
          metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
          params: [{ key: 'a', value: '2' }],
          tags: [],
        }),
      ).rejects.toMatchObject({ code: 'mlflow/invalid-parameter-value' });
      expect((await store.getRun('r1'))?.data.metrics).toEqual([]);
      await store.logBatch('r1', { metrics: [], params: [{ key: 'a', value: '1' }], tags: [] });
    });

    it('fails writes to an unknown run with resource-does-not-exist', async () => {
      await expect(store.logBatch('nope', { metrics: [], params: [], tags: [] })).rejects.toMatchObject({
        code: 'mlflow/resource-does-not-exist',
      });
      await expect(store.updateRun('nope', { status: 'FINISHED' })).rejects.toMatchObject({
        code: 'mlflow/resource-does-not-exist',
      });
      expect(await store.getRun('nope')).toBeUndefined();
    });

    it('renames a run through the mlflow.runName tag and through updateRun', async () => {
      const e = await experiment('e');
      await store.createRun(runInfo('r1', e, 10), []);
      await store.logBatch('r1', {
        metrics: [],
        params: [],
        tags: [{ key: 'mlflow.runName', value: 'new' }],
      });
      expect((await store.getRun('r1'))?.info.run_name).toBe('new');
      await store.updateRun('r1', { run_name: 'newer', status: 'FINISHED', end_time: 20 });
      const run = await store.getRun('r1');
      expect(run?.info).toMatchObject({ run_name: 'newer', status: 'FINISHED', end_time: 20 });
      expect(run?.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'newer' });
    });

    describe('searchRuns', () => {
      let e: string;
      beforeEach(async () => {
        e = await experiment('e');
        const runs = [
          { id: 'a', rmse: 0.5, alpha: '0.5', team: 'ml-ops', status: 'FINISHED' },
          { id: 'b', rmse: 1.5, alpha: '0.1', team: 'ML-data', status: 'FAILED' },
          { id: 'c', rmse: undefined, alpha: '0.5', team: 'ml-x', status: 'FINISHED' },
        ] as const;
        let t = 100;
        for (const r of runs) {
          await store.createRun(runInfo(r.id, e, t++), []);
          await store.logBatch(r.id, {
            metrics: r.rmse === undefined ? [] : [{ key: 'rmse', value: r.rmse, timestamp: 1, step: 0 }],
            params: [{ key: 'alpha', value: r.alpha }],
            tags: [{ key: 'team', value: r.team }],
          });
          await store.updateRun(r.id, { status: r.status });
        }
      });
      const search = async (clauses: MlRunFilterClause[], extra: Partial<MlRunSearch> = {}) =>
        (
          await store.searchRuns({
            experimentIds: [e],
            clauses,
            viewType: 'ACTIVE_ONLY',
            orderBy: [],
            maxResults: 100,
            offset: 0,
            ...extra,
          })
        ).runs.map((r) => r.info.run_id);

      it('filters on metrics, params, tags and attributes, newest first by default', async () => {
        expect(await search([])).toEqual(['c', 'b', 'a']);
        expect(await search([{ kind: 'metric', key: 'rmse', op: '<', value: 1 }])).toEqual(['a']);
        expect(
          await search([
            { kind: 'param', key: 'alpha', op: '=', value: '0.5' },
            { kind: 'attribute', key: 'status', op: '=', value: 'FINISHED' },
          ]),
        ).toEqual(['c', 'a']);
        expect(await search([{ kind: 'tag', key: 'team', op: 'LIKE', value: 'ml-%' }])).toEqual(['c', 'a']);
        expect(await search([{ kind: 'tag', key: 'team', op: 'ILIKE', value: 'ml-%' }])).toEqual([
          'c',
          'b',
          'a',
        ]);
        expect(await search([{ kind: 'attribute', key: 'run_id', op: 'IN', value: ['a', 'b'] }])).toEqual([
          'b',
          'a',
        ]);
        expect(await search([{ kind: 'metric', key: 'rmse', op: '!=', value: 0.5 }])).toEqual(['b']);
      });

      it('orders by a metric with runs lacking it last, pages with a more flag', async () => {
        const order = [{ kind: 'metric' as const, key: 'rmse', ascending: false }];
        expect(await search([], { orderBy: order })).toEqual(['b', 'a', 'c']);
        expect(await search([], { orderBy: [{ ...order[0]!, ascending: true }] })).toEqual(['a', 'b', 'c']);
        const page = await store.searchRuns({
          experimentIds: [e],
          clauses: [],
          viewType: 'ACTIVE_ONLY',
          orderBy: order,
          maxResults: 2,
          offset: 1,
        });
        expect(page.runs.map((r) => r.info.run_id)).toEqual(['a', 'c']);
        expect(page.more).toBe(false);
        expect((await search([], { maxResults: 1 })).length).toBe(1);
      });

      it('hides deleted runs unless the view asks for them', async () => {
        await store.updateRun('a', { lifecycle_stage: 'deleted' });
        expect(await search([])).toEqual(['c', 'b']);
        expect(await search([], { viewType: 'DELETED_ONLY' })).toEqual(['a']);
        await expect(store.logBatch('a', { metrics: [], params: [], tags: [] })).rejects.toMatchObject({
          code: 'mlflow/invalid-parameter-value',
        });
      });
    });

    it('keeps logged models and the runs that output them', async () => {
      const e = await experiment('e');
      await store.createRun(runInfo('r1', e, 10), []);
      const model = {
        info: {
          model_id: 'm-1',
          experiment_id: e,
          name: 'model',
          artifact_uri: 'mlflow-artifacts:/0/models/m-1/artifacts',
          creation_timestamp_ms: 1,
          last_updated_timestamp_ms: 1,
          status: 'LOGGED_MODEL_PENDING',
          lifecycle_stage: 'active' as const,
          source_run_id: 'r1',
          tags: [],
        },
        data: { params: [], metrics: [] },
      };
      await store.createLoggedModel(model);
      await store.putLoggedModel({ ...model, info: { ...model.info, status: 'LOGGED_MODEL_READY' } });
      expect((await store.getLoggedModel('m-1'))?.info.status).toBe('LOGGED_MODEL_READY');
      expect((await store.listLoggedModels([e])).map((m) => m.info.model_id)).toEqual(['m-1']);
      await store.logOutputs('r1', [{ model_id: 'm-1', step: 0 }]);
      await store.logOutputs('r1', [{ model_id: 'm-1', step: 0 }]);
      expect((await store.getRun('r1'))?.outputs.model_outputs).toEqual([{ model_id: 'm-1', step: 0 }]);
    });
  });
}

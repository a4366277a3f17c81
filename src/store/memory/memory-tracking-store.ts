import type {
  MlExperiment,
  MlExperimentPatch,
  MlLoggedModel,
  MlMetric,
  MlRun,
  MlRunInfo,
  MlRunOrder,
  MlRunPatch,
  MlRunSearch,
  MlTag,
  MlViewType,
  TrackingStore,
} from '../../contracts/index.js';
import { clauseMatches } from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import { attempt } from '../attempt.js';

interface RunState {
  info: MlRunInfo;
  params: Map<string, string>;
  tags: Map<string, string>;
  latest: Map<string, MlMetric>;
  history: MlMetric[];
  outputs: { model_id: string; step: number }[];
}

const inView = (stage: string, view: MlViewType) =>
  view === 'ALL' || (view === 'ACTIVE_ONLY' ? stage === 'active' : stage === 'deleted');
const kv = (m: ReadonlyMap<string, string>): MlTag[] =>
  [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => ({ key, value }));
const newer = (a: MlMetric, b: MlMetric) =>
  a.step !== b.step
    ? a.step > b.step
    : a.timestamp !== b.timestamp
      ? a.timestamp > b.timestamp
      : a.value > b.value;

function notFound(message: string): MillraceError {
  return new MillraceError({ code: 'mlflow/resource-does-not-exist', message });
}

/** Tracking in memory, for tests: the same rules as the SQLite store (the contract suite checks both). */
export class MemoryTrackingStore implements TrackingStore {
  readonly #experiments = new Map<string, MlExperiment>();
  readonly #runs = new Map<string, RunState>();
  readonly #models = new Map<string, MlLoggedModel>();

  #experiment(id: string): MlExperiment {
    const e = this.#experiments.get(id);
    if (!e) throw notFound(`No Experiment with id=${id} exists`);
    return e;
  }

  #run(runId: string, active = false): RunState {
    const r = this.#runs.get(runId);
    if (!r) throw notFound(`Run with id=${runId} not found`);
    if (active && r.info.lifecycle_stage !== 'active')
      throw new MillraceError({
        code: 'mlflow/invalid-parameter-value',
        message: `The run ${runId} must be in the 'active' state. Current state is ${r.info.lifecycle_stage}.`,
      });
    return r;
  }

  createExperiment(input: Parameters<TrackingStore['createExperiment']>[0]): Promise<MlExperiment> {
    return attempt(() => {
      if ([...this.#experiments.values()].some((e) => e.name === input.name))
        throw new MillraceError({
          code: 'mlflow/resource-already-exists',
          message: `Experiment(name=${input.name}) already exists.`,
        });
      const id = String(
        this.#experiments.size === 0 ? 0 : Math.max(...[...this.#experiments.keys()].map(Number)) + 1,
      );
      const e: MlExperiment = {
        experiment_id: id,
        name: input.name,
        artifact_location: input.artifactLocation(id),
        lifecycle_stage: 'active',
        creation_time: input.now,
        last_update_time: input.now,
        tags: kv(new Map(input.tags.map((t) => [t.key, t.value]))),
      };
      this.#experiments.set(id, e);
      return e;
    });
  }

  getExperiment(experimentId: string): Promise<MlExperiment | undefined> {
    return attempt(() => {
      return this.#experiments.get(experimentId);
    });
  }

  getExperimentByName(name: string): Promise<MlExperiment | undefined> {
    return attempt(() => {
      return [...this.#experiments.values()].find((e) => e.name === name);
    });
  }

  listExperiments(viewType: MlViewType): Promise<readonly MlExperiment[]> {
    return attempt(() => {
      return [...this.#experiments.values()].filter((e) => inView(e.lifecycle_stage, viewType));
    });
  }

  updateExperiment(experimentId: string, patch: MlExperimentPatch): Promise<void> {
    return attempt(() => {
      const e = this.#experiment(experimentId);
      if (
        patch.name !== undefined &&
        [...this.#experiments.values()].some((x) => x.name === patch.name && x !== e)
      )
        throw new MillraceError({
          code: 'mlflow/resource-already-exists',
          message: `Experiment(name=${patch.name}) already exists.`,
        });
      this.#experiments.set(experimentId, { ...e, ...patch });
    });
  }

  #tags(experimentId: string, change: (m: Map<string, string>) => void): Promise<void> {
    return attempt(() => {
      const e = this.#experiment(experimentId);
      const m = new Map(e.tags.map((t) => [t.key, t.value]));
      change(m);
      this.#experiments.set(experimentId, { ...e, tags: kv(m) });
    });
  }

  setExperimentTag(experimentId: string, tag: MlTag): Promise<void> {
    return attempt(() => {
      return this.#tags(experimentId, (m) => m.set(tag.key, tag.value));
    });
  }

  deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    return attempt(() => {
      return this.#tags(experimentId, (m) => m.delete(key));
    });
  }

  createRun(info: MlRunInfo, tags: readonly MlTag[]): Promise<void> {
    return attempt(() => {
      const state: RunState = {
        info,
        params: new Map(),
        tags: new Map(),
        latest: new Map(),
        history: [],
        outputs: [],
      };
      this.#runs.set(info.run_id, state);
      return this.logBatch(info.run_id, { metrics: [], params: [], tags });
    });
  }

  #view(r: RunState): MlRun {
    return {
      info: r.info,
      data: {
        metrics: [...r.latest.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
        params: kv(r.params),
        tags: kv(r.tags),
      },
      outputs: { model_outputs: [...r.outputs] },
    };
  }

  getRun(runId: string): Promise<MlRun | undefined> {
    return attempt(() => {
      const r = this.#runs.get(runId);
      return r ? this.#view(r) : undefined;
    });
  }

  updateRun(runId: string, patch: MlRunPatch): Promise<void> {
    return attempt(() => {
      const r = this.#run(runId);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      r.info = { ...r.info, ...defined };
      if (patch.run_name !== undefined) r.tags.set('mlflow.runName', patch.run_name);
    });
  }

  logBatch(runId: string, batch: Parameters<TrackingStore['logBatch']>[1]): Promise<void> {
    return attempt(() => {
      const r = this.#run(runId, true);
      for (const p of batch.params) {
        const old = r.params.get(p.key);
        if (old !== undefined && old !== p.value)
          throw new MillraceError({
            code: 'mlflow/invalid-parameter-value',
            message: `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
          });
      }
      for (const p of batch.params) r.params.set(p.key, p.value);
      for (const m of batch.metrics) {
        r.history.push(m);
        const old = r.latest.get(m.key);
        if (!old || newer(m, old)) r.latest.set(m.key, m);
      }
      for (const t of batch.tags) {
        r.tags.set(t.key, t.value);
        if (t.key === 'mlflow.runName') r.info = { ...r.info, run_name: t.value };
      }
    });
  }

  deleteTag(runId: string, key: string): Promise<void> {
    return attempt(() => {
      if (!this.#run(runId, true).tags.delete(key))
        throw notFound(`No tag with name: ${key} in run with id ${runId}`);
    });
  }

  getMetricHistory(runId: string, key: string): Promise<readonly MlMetric[]> {
    return attempt(() => {
      const history = this.#runs.get(runId)?.history.filter((m) => m.key === key) ?? [];
      return [...history].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
    });
  }

  #value(r: RunState, kind: string, key: string): string | number | undefined {
    if (kind === 'metric') return r.latest.get(key)?.value;
    if (kind === 'param') return r.params.get(key);
    if (kind === 'tag') return r.tags.get(key);
    const v = (r.info as unknown as Record<string, unknown>)[key];
    return typeof v === 'string' || typeof v === 'number' ? v : undefined;
  }

  #compare(a: RunState, b: RunState, orderBy: readonly MlRunOrder[]): number {
    for (const o of orderBy) {
      const x = this.#value(a, o.kind, o.key);
      const y = this.#value(b, o.kind, o.key);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * (o.ascending ? 1 : -1);
    }
    return b.info.start_time - a.info.start_time || (a.info.run_id < b.info.run_id ? -1 : 1);
  }

  searchRuns(search: MlRunSearch): Promise<{ readonly runs: readonly MlRun[]; readonly more: boolean }> {
    return attempt(() => {
      const matching = [...this.#runs.values()]
        .filter(
          (r) =>
            search.experimentIds.includes(r.info.experiment_id) &&
            inView(r.info.lifecycle_stage, search.viewType) &&
            search.clauses.every((c) => clauseMatches(this.#value(r, c.kind, c.key), c)),
        )
        .sort((a, b) => this.#compare(a, b, search.orderBy));
      const page = matching.slice(search.offset, search.offset + search.maxResults);
      return {
        runs: page.map((r) => this.#view(r)),
        more: search.offset + search.maxResults < matching.length,
      };
    });
  }

  logOutputs(
    runId: string,
    models: readonly { readonly model_id: string; readonly step: number }[],
  ): Promise<void> {
    return attempt(() => {
      const r = this.#run(runId, true);
      for (const m of models) if (!r.outputs.some((x) => x.model_id === m.model_id)) r.outputs.push({ ...m });
    });
  }

  createLoggedModel(model: MlLoggedModel): Promise<void> {
    return attempt(() => {
      this.#models.set(model.info.model_id, model);
    });
  }

  getLoggedModel(modelId: string): Promise<MlLoggedModel | undefined> {
    return attempt(() => {
      return this.#models.get(modelId);
    });
  }

  putLoggedModel(model: MlLoggedModel): Promise<void> {
    return attempt(() => {
      if (!this.#models.has(model.info.model_id))
        throw notFound(`Logged model with ID '${model.info.model_id}' not found.`);
      this.#models.set(model.info.model_id, model);
    });
  }

  listLoggedModels(experimentIds: readonly string[]): Promise<readonly MlLoggedModel[]> {
    return attempt(() => {
      return Promise.resolve(
        [...this.#models.values()]
          .filter((m) => experimentIds.includes(m.info.experiment_id))
          .sort((a, b) => b.info.creation_timestamp_ms - a.info.creation_timestamp_ms),
      );
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

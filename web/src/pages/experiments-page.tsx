import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Series } from '../components/line-chart.js';
import { LineChart } from '../components/line-chart.js';
import { useSession } from '../session.js';

/** MLflow REST shapes (https://mlflow.org/docs/latest/api_reference/rest-api.html), as the server sends them. */
interface Experiment {
  readonly experiment_id: string;
  readonly name: string;
}
interface KeyValue {
  readonly key: string;
  readonly value: string;
}
interface Metric {
  readonly key: string;
  readonly value: number;
  readonly step: number;
}
interface MlRun {
  readonly info: {
    readonly run_id: string;
    readonly run_name?: string;
    readonly status: string;
    readonly start_time?: number;
  };
  readonly data: { readonly metrics?: readonly Metric[]; readonly params?: readonly KeyValue[] };
}

const MLFLOW = '/api/2.0/mlflow';

/**
 * Experiments of the MLflow tracking the server hosts: the runs of one with their params and latest metrics,
 * and a chart of one metric's history for the selected runs (two or more: a comparison).
 */
export function ExperimentsPage() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const [experiments, setExperiments] = useState<readonly Experiment[]>([]);
  const [runs, setRuns] = useState<readonly MlRun[]>([]);
  const [series, setSeries] = useState<readonly Series[]>([]);
  const [error, setError] = useState<string | undefined>();
  const experimentId = params.get('experiment') ?? experiments[0]?.experiment_id;
  const chosen = params.getAll('run');
  const metricKeys = useMemo(
    () => [...new Set(runs.flatMap((r) => (r.data.metrics ?? []).map((m) => m.key)))].sort(),
    [runs],
  );
  const paramKeys = useMemo(
    () => [...new Set(runs.flatMap((r) => (r.data.params ?? []).map((p) => p.key)))].sort(),
    [runs],
  );
  const metric = params.get('metric') ?? metricKeys[0];
  const fail = (e: Error) => setError(e.message);

  useEffect(() => {
    api
      .post<{ experiments?: Experiment[] }>(`${MLFLOW}/experiments/search`, { max_results: 1000 })
      .then((r) => setExperiments(r.experiments ?? []), fail);
  }, [api]);
  useEffect(() => {
    if (experimentId === undefined) return;
    api
      .post<{ runs?: MlRun[] }>(`${MLFLOW}/runs/search`, {
        experiment_ids: [experimentId],
        max_results: 1000,
      })
      .then((r) => setRuns(r.runs ?? []), fail);
  }, [api, experimentId]);
  const chosenKey = chosen.join(',');
  const names = useMemo(
    () => new Map(runs.map((r) => [r.info.run_id, r.info.run_name ?? r.info.run_id])),
    [runs],
  );
  useEffect(() => {
    if (metric === undefined || chosenKey === '') {
      setSeries([]);
      return;
    }
    let live = true;
    void Promise.all(
      chosenKey.split(',').map((runId) =>
        api
          .get<{ metrics?: Metric[] }>(`${MLFLOW}/metrics/get-history`, {
            run_id: runId,
            metric_key: metric,
          })
          .then((h) => ({ name: names.get(runId) ?? runId.slice(0, 8), points: h.metrics ?? [] })),
      ),
    ).then((s) => live && setSeries(s), fail);
    return () => {
      live = false;
    };
  }, [api, metric, chosenKey, names]);

  const set = (key: string, values: string[]) => {
    const next = new URLSearchParams(params);
    next.delete(key);
    values.forEach((v) => next.append(key, v));
    setParams(next);
  };
  return (
    <section aria-labelledby="experiments-title">
      <h1 id="experiments-title">Experiments</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Experiment
          <select
            aria-label="Experiment"
            value={experimentId ?? ''}
            onChange={(e) => setParams({ experiment: e.target.value })}
          >
            {experiments.map((x) => (
              <option key={x.experiment_id} value={x.experiment_id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Metric
          <select aria-label="Metric" value={metric ?? ''} onChange={(e) => set('metric', [e.target.value])}>
            {metricKeys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      </form>
      <table className="table" aria-label="Runs of the experiment">
        <thead>
          <tr>
            <th scope="col">Chart</th>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            {paramKeys.map((k) => (
              <th scope="col" key={`p-${k}`}>
                {k}
              </th>
            ))}
            {metricKeys.map((k) => (
              <th scope="col" key={`m-${k}`}>
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const name = r.info.run_name ?? r.info.run_id;
            return (
              <tr key={r.info.run_id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Chart ${name}`}
                    checked={chosen.includes(r.info.run_id)}
                    onChange={(e) =>
                      set(
                        'run',
                        e.target.checked
                          ? [...chosen, r.info.run_id]
                          : chosen.filter((x) => x !== r.info.run_id),
                      )
                    }
                  />
                </td>
                <td>{name}</td>
                <td>{r.info.status}</td>
                {paramKeys.map((k) => (
                  <td key={`p-${k}`}>{r.data.params?.find((p) => p.key === k)?.value ?? ''}</td>
                ))}
                {metricKeys.map((k) => (
                  <td key={`m-${k}`}>
                    {r.data.metrics?.find((m) => m.key === k)?.value.toPrecision(4) ?? ''}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {runs.length === 0 && <p className="hint">No runs in this experiment.</p>}
      {metric !== undefined && chosen.length > 0 && <LineChart title={metric} series={series} />}
      {chosen.length === 0 && runs.length > 0 && (
        <p className="hint">Tick runs to chart (two or more compare).</p>
      )}
    </section>
  );
}

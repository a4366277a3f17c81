import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ApiPipelineSummary, ApiRunPage, ApiRunSummary } from '../../../src/server/api-types.js';
import { useGet, useRunChanges } from '../api/hooks.js';
import { formatTime, statusClass } from '../format.js';
import { useSession } from '../session.js';

/** Pipelines with their last run's status (one `GET /api/runs?pipeline=…&limit=1` each). */
export function PipelinesPage() {
  const { api } = useSession();
  const list = useGet<{ items: ApiPipelineSummary[] }>('/api/pipelines');
  const [last, setLast] = useState<Record<string, ApiRunSummary | null>>({});
  const [tick, setTick] = useState(0);
  useRunChanges(
    (c) => c.kind === 'run-finished' || c.kind === 'run-created',
    () => setTick((t) => t + 1),
    1000,
  );
  useEffect(() => {
    let live = true;
    for (const p of list.data?.items ?? []) {
      void api.get<ApiRunPage>('/api/runs', { pipeline: p.name, limit: 1 }).then(
        (page) => live && setLast((l) => ({ ...l, [p.name]: page.runs[0] ?? null })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [api, list.data, tick]);
  return (
    <section aria-labelledby="pipelines-title">
      <h1 id="pipelines-title">Pipelines</h1>
      {list.error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Pipeline</th>
            <th scope="col">Activities</th>
            <th scope="col">Parameters</th>
            <th scope="col">Last run</th>
            <th scope="col">Queued</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((p) => {
            const run = last[p.name];
            return (
              <tr key={p.name}>
                <td>
                  <Link to={`/pipelines/${encodeURIComponent(p.name)}`}>{p.name}</Link>
                </td>
                <td>{p.activities}</td>
                <td>{p.parameters.map((x) => `${x.name}: ${x.type}`).join(', ')}</td>
                <td>
                  {run ? (
                    <Link to={`/runs/${encodeURIComponent(run.runId)}`} className={statusClass(run.status)}>
                      {run.status}
                    </Link>
                  ) : run === null ? (
                    'never run'
                  ) : (
                    '…'
                  )}
                </td>
                <td>{run ? formatTime(run.queuedAt) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

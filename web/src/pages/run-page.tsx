import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ApiActivityRun, ApiPipelineDetail, ApiRunDocument } from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { useGet, useRunChanges } from '../api/hooks.js';
import type { Column } from '../components/virtual-table.js';
import { VirtualTable } from '../components/virtual-table.js';
import { FINAL, formatDuration, formatTime, statusClass } from '../format.js';
import { GanttChart } from '../gantt/gantt-chart.js';
import { failedForEachIterations, failedIterationOf } from './failed-iterations.js';
import { RunActions } from './run-actions.js';
import { RunLog } from './run-log.js';

type Row = ApiActivityRun & { readonly index: number };

/** JSON for people: pretty-printed (secure values arrive masked from the API). */
const Json = (props: { readonly value: unknown; readonly label: string }) => (
  <pre className="json" tabIndex={0} aria-label={props.label}>
    {JSON.stringify(props.value, null, 2)}
  </pre>
);

/** A run: status, parameters, actions, Gantt of its activity runs, the selected one's output/error, the log. */
export function RunPage() {
  const runId = useParams()['runId'] ?? '';
  const [params, setParams] = useSearchParams();
  const run = useGet<ApiRunDocument>(`/api/runs/${seg(runId)}`);
  const pipeline = useGet<ApiPipelineDetail>(
    run.data ? `/api/pipelines/${seg(run.data.pipeline)}` : undefined,
  );
  useRunChanges((c) => c.runId === runId, run.reload, 400);
  const [now, setNow] = useState(() => Date.now());
  const doc = run.data;
  const selected = params.get('activity') === null ? undefined : Number(params.get('activity'));
  const select = (index: number) => {
    const next = new URLSearchParams(params);
    next.set('activity', String(index));
    setParams(next, { replace: true });
    setNow(Date.now());
  };
  const rows = useMemo<Row[]>(() => (doc?.activityRuns ?? []).map((r, index) => ({ ...r, index })), [doc]);
  const failedIterations = useMemo(() => failedForEachIterations(doc?.activityRuns ?? []), [doc]);
  const columns = useMemo<Column<Row>[]>(
    () => [
      {
        header: 'Status',
        width: '110px',
        cell: (r) => <span className={statusClass(r.status)}>{r.status}</span>,
      },
      {
        header: 'Activity',
        width: 'minmax(160px, 2fr)',
        cell: (r) => (
          <button type="button" className="link" onClick={() => select(r.index)}>
            {r.activityName}
            {r.iteration ? ` ${r.iteration}` : ''}
          </button>
        ),
      },
      { header: 'Type', width: '130px', cell: (r) => r.activityType },
      { header: 'Start', width: '190px', cell: (r) => formatTime(r.start) },
      {
        header: 'Duration',
        width: '100px',
        // A rerun keeps what the earlier run did: nothing ran, so no duration to show.
        cell: (r) => (r.reusedFrom === undefined ? formatDuration(r.durationMs) : 'reused'),
      },
      { header: 'Attempt', width: '70px', cell: (r) => String(r.attempt ?? 1) },
    ],
    [params],
  );
  if (run.error && !doc) {
    return (
      <p role="alert" className="error">
        {run.error.message}
      </p>
    );
  }
  if (!doc) return <p>Loading run…</p>;
  const active = selected === undefined ? undefined : doc.activityRuns[selected];
  // Selecting an activity run of a failed ForEach iteration (Gantt or table) offers a rerun of that iteration.
  const iteration = failedIterationOf(active, failedIterations);
  return (
    <article aria-labelledby="run-title">
      <p className="crumbs">
        <Link to="/runs">Runs</Link> / <Link to={`/pipelines/${seg(doc.pipeline)}`}>{doc.pipeline}</Link>
      </p>
      <h1 id="run-title">
        {doc.pipeline}{' '}
        <span className={statusClass(doc.status)} data-testid="run-status">
          {doc.status}
        </span>
      </h1>
      <dl className="facts">
        <dt>Run ID</dt>
        <dd>
          <code>{doc.runId}</code>
        </dd>
        <dt>Start</dt>
        <dd>{formatTime(doc.start)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(doc.durationMs ?? null)}</dd>
        <dt>Invoked by</dt>
        <dd>
          {doc.invokedBy?.triggerType ?? 'Manual'}
          {doc.invokedBy?.rerunOf && (
            <>
              {' '}
              (rerun of{' '}
              <Link to={`/runs/${seg(doc.invokedBy.rerunOf)}`}>{doc.invokedBy.rerunOf.slice(0, 8)}</Link>)
            </>
          )}
          {doc.invokedBy?.parentRunId && (
            <>
              {' '}
              (from <Link to={`/runs/${seg(doc.invokedBy.parentRunId)}`}>{doc.invokedBy.parentPipeline}</Link>
              )
            </>
          )}
        </dd>
        {doc.environment && (
          <>
            <dt>Environment</dt>
            <dd>{doc.environment}</dd>
          </>
        )}
        {doc.message && (
          <>
            <dt>Message</dt>
            <dd className="error">{doc.message}</dd>
          </>
        )}
      </dl>
      <RunActions
        run={doc}
        {...(pipeline.data ? { pipeline: pipeline.data } : {})}
        {...(iteration === undefined ? {} : { iteration })}
      />
      <details>
        <summary>Parameters, variables and output</summary>
        <Json label="Parameters" value={doc.parameters} />
        <Json label="Variables" value={doc.variables} />
        {doc.output !== undefined && <Json label="Output" value={doc.output} />}
      </details>
      <h2>Activity runs</h2>
      <GanttChart
        runs={doc.activityRuns}
        onSelect={select}
        now={FINAL.has(doc.status) ? Date.parse(doc.end ?? doc.start ?? '') || now : Date.now()}
        {...(selected === undefined ? {} : { selected })}
      />
      <VirtualTable
        label="Activity runs"
        rows={rows}
        columns={columns}
        rowKey={(r) => String(r.index)}
        height={300}
        {...(selected === undefined ? {} : { selected: String(selected) })}
      />
      {active && (
        <section className="panel" aria-labelledby="activity-title">
          <h2 id="activity-title">
            {active.activityName} {active.iteration ?? ''}{' '}
            <span className={statusClass(active.status)}>{active.status}</span>
          </h2>
          {active.reusedFrom !== undefined && (
            <p data-testid="reused-from">
              Kept from the earlier run (activity run {active.reusedFrom}): nothing ran again.
            </p>
          )}
          {active.error && <Json label="Error" value={active.error} />}
          {active.input !== undefined && <Json label="Input" value={active.input} />}
          {active.output !== undefined && <Json label="Output" value={active.output} />}
          {active.artifacts && <Json label="Artifacts" value={active.artifacts} />}
        </section>
      )}
      <RunLog runId={doc.runId} {...(active ? { activity: active.activityName } : {})} />
    </article>
  );
}

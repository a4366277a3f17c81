import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type {
  ApiEnvironmentList,
  ApiPipelineSummary,
  ApiRunPage,
  ApiRunSummary,
} from '../../../src/server/api-types.js';
import { useGet, useRunChanges } from '../api/hooks.js';
import type { Column } from '../components/virtual-table.js';
import { VirtualTable } from '../components/virtual-table.js';
import { formatDuration, formatTime, statusClass } from '../format.js';

/** Run statuses the API filters on. */
export const RUN_STATUSES = [
  'Queued',
  'InProgress',
  'Succeeded',
  'Failed',
  'Canceling',
  'Cancelled',
] as const;
const PAGE_SIZES = [50, 200, 1000];
/** How a run is started (`invokedBy.triggerType`). */
const TRIGGER_TYPES = [
  'Manual',
  'Rerun',
  'PipelineActivity',
  'ScheduleTrigger',
  'TumblingWindowTrigger',
  'BlobEventsTrigger',
];

const columns: Column<ApiRunSummary>[] = [
  {
    header: 'Status',
    width: '110px',
    cell: (r) => <span className={statusClass(r.status)}>{r.status}</span>,
  },
  {
    header: 'Pipeline',
    width: 'minmax(140px, 1.2fr)',
    cell: (r) => <Link to={`/runs/${encodeURIComponent(r.runId)}`}>{r.pipeline}</Link>,
  },
  { header: 'Queued', width: '190px', cell: (r) => formatTime(r.queuedAt) },
  { header: 'Duration', width: '100px', cell: (r) => formatDuration(r.durationMs) },
  { header: 'Trigger', width: '120px', cell: (r) => r.invokedBy?.triggerType ?? 'Manual' },
  { header: 'Env', width: '80px', cell: (r) => r.environment ?? '' },
  { header: 'Run ID', width: 'minmax(120px, 1fr)', cell: (r) => <code className="ellipsis">{r.runId}</code> },
  {
    header: 'Message',
    width: 'minmax(120px, 2fr)',
    cell: (r) => <span className="ellipsis">{r.message ?? ''}</span>,
  },
];

/** `<input type="datetime-local">` value ↔ ISO-8601 (the input has no zone: it is the reader's local time). */
const toIso = (local: string) => (local === '' ? undefined : new Date(local).toISOString());

/**
 * Runs, newest first: filters in the URL (pipeline, status, time range, text on the page), server-side paging,
 * reloaded live when runs are created, start or finish (`/api/events`).
 */
export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const pipeline = params.get('pipeline') ?? '';
  const environment = params.get('environment') ?? '';
  const triggerType = params.get('trigger') ?? '';
  const statuses = params.getAll('status');
  const since = params.get('since') ?? '';
  const until = params.get('until') ?? '';
  const text = params.get('q') ?? '';
  const limit = Number(params.get('limit') ?? 50) || 50;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const runs = useGet<ApiRunPage>('/api/runs', {
    pipeline,
    environment,
    triggerType,
    status: statuses,
    since: toIso(since),
    until: toIso(until),
    limit,
    offset,
  });
  const pipelines = useGet<{ items: ApiPipelineSummary[] }>('/api/pipelines');
  const environments = useGet<ApiEnvironmentList>('/api/environments');
  useRunChanges((c) => c.kind.startsWith('run-'), runs.reload);
  const set = (changes: Record<string, string | string[] | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      next.delete(k);
      if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
      else if (v !== undefined && v !== '') next.set(k, v);
    }
    if (resetPage && !('offset' in changes)) next.delete('offset');
    setParams(next);
  };
  const rows = useMemo(() => {
    const all = runs.data?.runs ?? [];
    const q = text.toLowerCase();
    return q === ''
      ? all
      : all.filter((r) =>
          [r.runId, r.pipeline, r.status, r.message ?? ''].some((s) => s.toLowerCase().includes(q)),
        );
  }, [runs.data, text]);
  const total = runs.data?.total ?? 0;
  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <form className="filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Pipeline
          <select aria-label="Pipeline" value={pipeline} onChange={(e) => set({ pipeline: e.target.value })}>
            <option value="">All</option>
            {pipelines.data?.items.map((p) => (
              <option key={p.name}>{p.name}</option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <select
            aria-label="Environment"
            value={environment}
            onChange={(e) => set({ environment: e.target.value })}
          >
            <option value="">All</option>
            {environments.data?.items.map((e) => (
              <option key={e.name}>{e.name}</option>
            ))}
          </select>
        </label>
        <label>
          Started by
          <select
            aria-label="Started by"
            value={triggerType}
            onChange={(e) => set({ trigger: e.target.value })}
          >
            <option value="">Any</option>
            {TRIGGER_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Status</legend>
          {RUN_STATUSES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={(e) =>
                  set({ status: e.target.checked ? [...statuses, s] : statuses.filter((x) => x !== s) })
                }
              />
              {s}
            </label>
          ))}
        </fieldset>
        <label>
          Queued from
          <input type="datetime-local" value={since} onChange={(e) => set({ since: e.target.value })} />
        </label>
        <label>
          until
          <input type="datetime-local" value={until} onChange={(e) => set({ until: e.target.value })} />
        </label>
        <label>
          Search this page
          <input type="search" value={text} onChange={(e) => set({ q: e.target.value }, false)} />
        </label>
      </form>
      {runs.error && (
        <p role="alert" className="error">
          {runs.error.message}
        </p>
      )}
      <nav className="pager" aria-label="Pages of runs">
        <span aria-live="polite">
          {total === 0
            ? 'No runs'
            : `${offset + 1}–${Math.min(offset + limit, total)} of ${total.toLocaleString()}`}
        </span>
        <button type="button" disabled={offset === 0} onClick={() => set({ offset: undefined }, false)}>
          First
        </button>
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => set({ offset: String(Math.max(0, offset - limit)) }, false)}
        >
          Previous
        </button>
        <button
          type="button"
          disabled={runs.data?.nextOffset === undefined}
          onClick={() => set({ offset: String(runs.data?.nextOffset ?? 0) }, false)}
        >
          Next
        </button>
        <button
          type="button"
          disabled={offset + limit >= total}
          onClick={() => set({ offset: String(Math.max(0, Math.floor((total - 1) / limit) * limit)) }, false)}
        >
          Last
        </button>
        <label>
          Per page
          <select aria-label="Per page" value={limit} onChange={(e) => set({ limit: e.target.value })}>
            {PAGE_SIZES.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      </nav>
      <VirtualTable label="Runs" rows={rows} columns={columns} rowKey={(r) => r.runId} />
    </section>
  );
}

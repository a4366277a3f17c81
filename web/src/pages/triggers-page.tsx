import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ApiBackfill, ApiTriggerList, ApiTriggerRunPage } from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { useGet, useRunChanges } from '../api/hooks.js';
import { formatTime, statusClass } from '../format.js';
import { useSession } from '../session.js';

/** A tumbling window trigger's windows × status, with rerun of one window (operator). */
function WindowGrid(props: { readonly trigger: string }) {
  const { api, can } = useSession();
  const windows = useGet<ApiTriggerRunPage>(`/api/triggers/${seg(props.trigger)}/windows`, { limit: 200 });
  useRunChanges(() => true, windows.reload, 1500);
  const [error, setError] = useState<string | undefined>();
  const [range, setRange] = useState({ from: '', to: '' });
  const [queued, setQueued] = useState<string | undefined>();
  const iso = (local: string) => new Date(local).toISOString();
  return (
    <section aria-label={`Windows of ${props.trigger}`}>
      <h2>Windows of {props.trigger}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {can('operator') && (
        <form
          className="filters"
          aria-label="Backfill"
          onSubmit={(e) => {
            e.preventDefault();
            setError(undefined);
            void api
              .post<ApiBackfill>(`/api/triggers/${seg(props.trigger)}/backfill`, {
                from: iso(range.from),
                to: iso(range.to),
              })
              .then(
                (b) => {
                  setQueued(`${b.windows} windows queued`);
                  windows.reload();
                },
                (err: Error) => setError(err.message),
              );
          }}
        >
          <label>
            Backfill from
            <input
              type="datetime-local"
              required
              value={range.from}
              onChange={(e) => setRange({ ...range, from: e.target.value })}
            />
          </label>
          <label>
            to (excluded)
            <input
              type="datetime-local"
              required
              value={range.to}
              onChange={(e) => setRange({ ...range, to: e.target.value })}
            />
          </label>
          <button type="submit">Backfill</button>
          {queued && <span role="status">{queued}</span>}
        </form>
      )}
      <ol className="window-grid">
        {windows.data?.items.map((w) => (
          <li key={w.key} className={statusClass(w.status)}>
            <span>
              {formatTime(w.windowStart)} – {formatTime(w.windowEnd)}
            </span>
            <span>{w.status}</span>
            {w.runId && <Link to={`/runs/${seg(w.runId)}`}>run</Link>}
            {can('operator') && w.status !== 'Waiting' && w.status !== 'Running' && (
              <button
                type="button"
                onClick={() =>
                  void api
                    .post(`/api/triggers/${seg(props.trigger)}/windows/rerun`, { windowStart: w.windowStart })
                    .then(windows.reload, (e: Error) => setError(e.message))
                }
              >
                Rerun window
              </button>
            )}
          </li>
        ))}
      </ol>
      {windows.data?.items.length === 0 && <p className="hint">No windows yet.</p>}
    </section>
  );
}

/** Triggers: state and where it comes from, next fire time, start/stop (operator), windows of a tumbling one. */
export function TriggersPage() {
  const { api, can } = useSession();
  const list = useGet<ApiTriggerList>('/api/triggers');
  const [params, setParams] = useSearchParams();
  const open = params.get('windows');
  const [error, setError] = useState<string | undefined>();
  const act = (name: string, action: 'start' | 'stop') =>
    api.post(`/api/triggers/${seg(name)}/${action}`).then(list.reload, (e: Error) => setError(e.message));
  return (
    <section aria-labelledby="triggers-title">
      <h1 id="triggers-title">Triggers</h1>
      <p className="hint">Scheduler: {list.data?.scheduler ?? '…'}</p>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error?.message}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Trigger</th>
            <th scope="col">Type</th>
            <th scope="col">State</th>
            <th scope="col">Pipelines</th>
            <th scope="col">Next run</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((t) => (
            <tr key={t.name}>
              <td>{t.name}</td>
              <td>{t.type}</td>
              <td>
                {t.runtimeState} <span className="hint">({t.stateSource})</span>
              </td>
              <td>{t.pipelines.join(', ')}</td>
              <td>{formatTime(t.nextRun)}</td>
              <td>
                {can('operator') && (
                  <button
                    type="button"
                    onClick={() => void act(t.name, t.runtimeState === 'Started' ? 'stop' : 'start')}
                  >
                    {t.runtimeState === 'Started' ? 'Stop' : 'Start'} {t.name}
                  </button>
                )}
                {t.type === 'TumblingWindowTrigger' && (
                  <button type="button" className="ghost" onClick={() => setParams({ windows: t.name })}>
                    Windows
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <WindowGrid trigger={open} />}
    </section>
  );
}

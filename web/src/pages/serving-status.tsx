import type { ApiServingState } from '../../../src/server/api-types.js';
import { useGet } from '../api/hooks.js';

const when = (ms: number) => new Date(ms).toLocaleString();

/** What serves in the registry's environment (`GET /api/models/serving`), and the recent version swaps. */
export function ServingStatus(props: { readonly env: string | undefined }) {
  const serving = useGet<ApiServingState>(
    '/api/models/serving',
    props.env === undefined ? {} : { env: props.env },
  );
  const s = serving.data;
  return (
    <section aria-labelledby="serving-title">
      <h2 id="serving-title">Serving{s ? ` in ${s.env}` : ''}</h2>
      {serving.error && (
        <p role="alert" className="error">
          {serving.error.message}
        </p>
      )}
      {s && s.endpoints.length === 0 && (
        <p className="hint" data-testid="serving-none">
          Nothing serves in {s.env}.
        </p>
      )}
      {s && s.endpoints.length > 0 && (
        <table className="table" aria-label={`Served models of ${s.env}`}>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Version</th>
              <th scope="col">Since</th>
              <th scope="col">State</th>
              <th scope="col">Workers</th>
              <th scope="col">URL</th>
            </tr>
          </thead>
          <tbody>
            {s.endpoints.map((e) => (
              <tr key={`${e.model}@${e.alias}`}>
                <td>
                  {e.model}@{e.alias}
                </td>
                <td>v{e.version}</td>
                <td>{when(e.since)}</td>
                <td>{e.running ? `running (pid ${e.pid})` : 'stopped'}</td>
                <td>{e.workers}</td>
                <td>{e.url ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s && s.history.length > 0 && (
        <ul aria-label="Recent swaps">
          {[...s.history]
            .reverse()
            .slice(0, 10)
            .map((h) => (
              <li key={`${h.model}@${h.alias}/${h.since}`}>
                {when(h.since)}: {h.model}@{h.alias} → v{h.version}
                {h.previous ? ` (was v${h.previous})` : ''}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}

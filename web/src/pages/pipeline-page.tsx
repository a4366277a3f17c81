import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ApiPipelineDetail, ApiRunStarted } from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import { layoutPipelineGraph } from '../graph/pipeline-graph-layout.js';
import { PipelineGraph } from '../graph/pipeline-graph.js';
import { useSession } from '../session.js';
import { ParameterForm, parseParameterValues } from './parameter-form.js';

const TABS = ['graph', 'json', 'run'] as const;

/** A pipeline: its graph, its JSON (read-only; secure defaults masked) and, for operators, run with parameters. */
export function PipelinePage() {
  const name = useParams()['name'] ?? '';
  const { api, can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'graph';
  const detail = useGet<ApiPipelineDetail>(`/api/pipelines/${seg(name)}`);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const resource = detail.data?.resource as { properties?: { activities?: unknown } } | undefined;
  const layout = useMemo(() => layoutPipelineGraph(resource?.properties?.activities), [resource]);
  if (detail.error) {
    return (
      <p role="alert" className="error">
        {detail.error.message}
      </p>
    );
  }
  const p = detail.data;
  if (!p) return <p>Loading pipeline…</p>;
  const tabs = TABS.filter((t) => t !== 'run' || can('operator'));
  return (
    <article aria-labelledby="pipeline-title">
      <p className="crumbs">
        <Link to="/pipelines">Pipelines</Link> / <Link to={`/runs?pipeline=${seg(p.name)}`}>its runs</Link>
      </p>
      <h1 id="pipeline-title">{p.name}</h1>
      <p className="hint">
        {p.file} · {p.activities} activities
      </p>
      <div role="tablist" aria-label="Pipeline views" className="tabs">
        {tabs.map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            onClick={() => setParams({ tab: t })}
          >
            {t === 'graph'
              ? 'Graph'
              : t === 'json'
                ? `JSON${p.findings.length > 0 ? ` (${p.findings.length} findings)` : ''}`
                : 'Run with parameters'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'graph' && <PipelineGraph layout={layout} name={p.name} />}
        {tab === 'json' && (
          <>
            {p.findings.length === 0 ? (
              <p className="hint">No validation findings.</p>
            ) : (
              <ul className="findings" aria-label="Validation findings">
                {p.findings.map((f, i) => (
                  <li key={i} className={`finding-${f.severity}`}>
                    <strong>{f.severity}</strong> <code>{f.code}</code> at <code>{f.path ?? '(file)'}</code>
                    {f.line === undefined ? '' : ` (line ${f.line})`}: {f.message}
                    {f.hint && <span className="hint"> {f.hint}</span>}
                  </li>
                ))}
              </ul>
            )}
            <pre className="json" tabIndex={0} aria-label="Pipeline JSON">
              {JSON.stringify(p.resource, null, 2)}
            </pre>
          </>
        )}
        {tab === 'run' && can('operator') && (
          <form
            aria-label="Run with parameters"
            onSubmit={(e) => {
              e.preventDefault();
              const parsed = parseParameterValues(p.parameters, values);
              if (!parsed.ok) return setError(parsed.error);
              setError(undefined);
              api
                .post<ApiRunStarted>(`/api/pipelines/${seg(p.name)}/runs`, { parameters: parsed.values })
                .then(
                  (s) => void navigate(`/runs/${seg(s.runId)}`),
                  (err: Error) => setError(err.message),
                );
            }}
          >
            <ParameterForm parameters={p.parameters} values={values} onChange={setValues} />
            <button type="submit">Start run</button>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
          </form>
        )}
      </div>
    </article>
  );
}

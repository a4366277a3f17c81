import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ApiPipelineDetail, ApiRunDocument, ApiRunStarted } from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { FINAL } from '../format.js';
import { useSession } from '../session.js';
import { ParameterForm, parseParameterValues } from './parameter-form.js';

/**
 * Cancel, rerun and rerun-from-failed, offered only to an operator (the API refuses them to a reader anyway).
 * A rerun's parameters can be changed first; SecureString ones are masked in the run and must be given again.
 */
export function RunActions(props: { readonly run: ApiRunDocument; readonly pipeline?: ApiPipelineDetail }) {
  const { api, can } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [rerun, setRerun] = useState<{ fromFailed: boolean } | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  if (!can('operator')) return null;
  const { run } = props;
  const fail = (err: unknown) => setError(err instanceof Error ? err.message : String(err));
  const open = (fromFailed: boolean) => {
    const initial: Record<string, string> = {};
    for (const p of props.pipeline?.parameters ?? []) {
      const v = run.parameters[p.name];
      initial[p.name] =
        p.type === 'SecureString' || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    }
    setValues(initial);
    setRerun({ fromFailed });
  };
  const start = () => {
    const parsed = parseParameterValues(props.pipeline?.parameters ?? [], values);
    if (!parsed.ok) return setError(parsed.error);
    api
      .post<ApiRunStarted>(`/api/runs/${seg(run.runId)}/rerun`, {
        fromFailed: rerun?.fromFailed ?? false,
        parameters: parsed.values,
      })
      .then((s) => {
        setRerun(undefined);
        void navigate(`/runs/${seg(s.runId)}`);
      }, fail);
  };
  return (
    <div className="actions" role="group" aria-label="Run actions">
      {!FINAL.has(run.status) && run.status !== 'Canceling' && (
        <button
          type="button"
          className="danger"
          onClick={() =>
            void api.post(`/api/runs/${seg(run.runId)}/cancel`).then(() => setError(undefined), fail)
          }
        >
          Cancel run
        </button>
      )}
      {FINAL.has(run.status) && (
        <button type="button" onClick={() => open(false)}>
          Rerun…
        </button>
      )}
      {run.status === 'Failed' && (
        <button type="button" onClick={() => open(true)}>
          Rerun from failed…
        </button>
      )}
      {rerun && (
        <form
          className="panel"
          aria-label={rerun.fromFailed ? 'Rerun from failed' : 'Rerun'}
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}
        >
          <h3>{rerun.fromFailed ? 'Rerun from the failed activities' : 'Rerun'}</h3>
          <ParameterForm parameters={props.pipeline?.parameters ?? []} values={values} onChange={setValues} />
          <button type="submit">Start {rerun.fromFailed ? 'rerun from failed' : 'rerun'}</button>
          <button type="button" className="ghost" onClick={() => setRerun(undefined)}>
            Close
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

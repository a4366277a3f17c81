import { useState } from 'react';
import { useNavigate } from 'react-router';
import type {
  ApiPipelineDetail,
  ApiRerunRequest,
  ApiRunDocument,
  ApiRunStarted,
} from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { FINAL } from '../format.js';
import { useSession } from '../session.js';
import { ParameterForm, parseParameterValues } from './parameter-form.js';

/** Which rerun the form starts: all of it, from the failed activities, or one failed ForEach iteration. */
type RerunKind = { readonly fromFailed: boolean; readonly iteration?: string };

const rerunTitle = (k: RerunKind) =>
  k.iteration !== undefined
    ? `Rerun iteration ${k.iteration}`
    : k.fromFailed
      ? 'Rerun from the failed activities'
      : 'Rerun';

/**
 * Cancel, rerun, rerun-from-failed and, when the selected activity run is in a failed ForEach iteration
 * (`iteration`), rerun of that iteration alone; offered only to an operator (the API refuses them to a reader
 * anyway). A rerun's parameters can be changed first; SecureString ones are masked in the run and must be
 * given again.
 */
export function RunActions(props: {
  readonly run: ApiRunDocument;
  readonly pipeline?: ApiPipelineDetail;
  readonly iteration?: string;
}) {
  const { api, can } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [rerun, setRerun] = useState<RerunKind | undefined>();
  const [values, setValues] = useState<Record<string, string>>({});
  if (!can('operator')) return null;
  const { run } = props;
  const fail = (err: unknown) => setError(err instanceof Error ? err.message : String(err));
  const open = (kind: RerunKind) => {
    const initial: Record<string, string> = {};
    for (const p of props.pipeline?.parameters ?? []) {
      const v = run.parameters[p.name];
      initial[p.name] =
        p.type === 'SecureString' || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    }
    setValues(initial);
    setRerun(kind);
  };
  const start = () => {
    const parsed = parseParameterValues(props.pipeline?.parameters ?? [], values);
    if (!parsed.ok) return setError(parsed.error);
    const body: ApiRerunRequest =
      rerun?.iteration !== undefined
        ? { iterations: [rerun.iteration], parameters: parsed.values }
        : { fromFailed: rerun?.fromFailed ?? false, parameters: parsed.values };
    api.post<ApiRunStarted>(`/api/runs/${seg(run.runId)}/rerun`, body).then((s) => {
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
        <button type="button" onClick={() => open({ fromFailed: false })}>
          Rerun…
        </button>
      )}
      {run.status === 'Failed' && (
        <button type="button" onClick={() => open({ fromFailed: true })}>
          Rerun from failed…
        </button>
      )}
      {run.status === 'Failed' && props.iteration !== undefined && (
        <button type="button" onClick={() => open({ fromFailed: false, iteration: props.iteration })}>
          Rerun this iteration ({props.iteration})…
        </button>
      )}
      {rerun && (
        <form
          className="panel"
          aria-label={
            rerun.iteration !== undefined
              ? `Rerun iteration ${rerun.iteration}`
              : rerun.fromFailed
                ? 'Rerun from failed'
                : 'Rerun'
          }
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}
        >
          <h3>{rerunTitle(rerun)}</h3>
          {rerun.iteration !== undefined && (
            <p className="hint">
              Only this iteration runs again, from its start; the other iterations keep their results (failed
              ones fail the ForEach again), and what follows the ForEach reruns as in a rerun from failed.
            </p>
          )}
          <ParameterForm parameters={props.pipeline?.parameters ?? []} values={values} onChange={setValues} />
          <button type="submit">
            Start{' '}
            {rerun.iteration !== undefined
              ? `rerun of ${rerun.iteration}`
              : rerun.fromFailed
                ? 'rerun from failed'
                : 'rerun'}
          </button>
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

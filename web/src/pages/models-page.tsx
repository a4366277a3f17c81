import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ApiEnvironmentList } from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import { useSession } from '../session.js';

/** `/api/models` shapes (MLflow's registered model and model version, docs/ml.md). */
interface RegisteredModel {
  readonly name: string;
  readonly description: string;
  readonly last_updated_timestamp: number;
  readonly aliases: readonly { readonly alias: string; readonly version: string }[];
}
interface ModelVersion {
  readonly version: string;
  readonly run_id: string;
  readonly status: string;
  readonly source: string;
  readonly creation_timestamp: number;
  readonly aliases: readonly string[];
}
interface Promotion {
  readonly id: string;
  readonly sourceEnv: string;
  readonly sourceVersion: string;
  readonly targetEnv: string;
  readonly alias: string;
  readonly status: 'pending' | 'applied';
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly approvedBy?: string;
  readonly targetVersion?: string;
}

const when = (ms: number) => new Date(ms).toLocaleString();

function ModelDetail(props: { readonly name: string; readonly env: string | undefined }) {
  const query = props.env === undefined ? {} : { env: props.env };
  const versions = useGet<readonly ModelVersion[]>(`/api/models/${seg(props.name)}/versions`, query);
  const history = useGet<{ promotions: readonly Promotion[] }>(
    `/api/models/${seg(props.name)}/history`,
    query,
  );
  const { api, can, who } = useSession();
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  return (
    <section aria-label={`Versions of ${props.name}`}>
      <h2>{props.name}</h2>
      {versions.error && (
        <p role="alert" className="error">
          {versions.error.message}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Aliases</th>
            <th scope="col">Status</th>
            <th scope="col">Run</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {[...(versions.data ?? [])].reverse().map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{v.aliases.join(', ')}</td>
              <td>{v.status}</td>
              <td>
                <code>{v.run_id.slice(0, 8)}</code>
              </td>
              <td>{when(v.creation_timestamp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Promotions</h3>
      {history.data?.promotions.length === 0 && <p className="hint">None.</p>}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : ''}>
          {message.text}
        </p>
      )}
      <ul>
        {history.data?.promotions.map((p) => (
          <li key={p.id}>
            v{p.sourceVersion} of {p.sourceEnv} → {p.alias} in {p.targetEnv}
            {p.targetVersion ? ` (v${p.targetVersion})` : ''}: {p.status}, requested by {p.requestedBy} at{' '}
            {when(p.requestedAt)}
            {p.approvedBy ? `, approved by ${p.approvedBy}` : ''}{' '}
            {p.status === 'pending' && can('deployer') && p.requestedBy !== who.name && (
              <button
                type="button"
                onClick={() =>
                  void api
                    .post(`/api/models/promotions/${seg(p.id)}/approve`, undefined, { env: p.targetEnv })
                    .then(
                      () => {
                        setMessage({ error: false, text: `Approved promotion of v${p.sourceVersion}` });
                        history.reload();
                        versions.reload();
                      },
                      (e: Error) => setMessage({ error: true, text: e.message }),
                    )
                }
              >
                Approve promotion
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Registered models per registry environment: aliases, versions, promotions. */
export function ModelsPage() {
  const [params, setParams] = useSearchParams();
  const envs = useGet<ApiEnvironmentList>('/api/environments');
  const env = params.get('env') ?? undefined;
  const models = useGet<readonly RegisteredModel[]>('/api/models', env === undefined ? {} : { env });
  const open = params.get('model');
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Registry
          <select
            aria-label="Registry"
            value={env ?? ''}
            onChange={(e) => set({ env: e.target.value, model: undefined })}
          >
            <option value="">default</option>
            {envs.data?.items.map((e) => (
              <option key={e.name}>{e.name}</option>
            ))}
          </select>
        </label>
      </form>
      {models.error && (
        <p role="alert" className="error">
          {models.error.message}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Aliases</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {models.data?.map((m) => (
            <tr key={m.name}>
              <td>
                <button type="button" className="link" onClick={() => set({ model: m.name })}>
                  {m.name}
                </button>
              </td>
              <td>{m.aliases.map((a) => `${a.alias} → v${a.version}`).join(', ')}</td>
              <td>{when(m.last_updated_timestamp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {models.data?.length === 0 && <p className="hint">No registered models.</p>}
      {open && <ModelDetail key={`${env}/${open}`} name={open} env={env} />}
    </section>
  );
}

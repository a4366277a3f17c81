import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type {
  ApiEnvironmentList,
  ApiModelVersion,
  ApiPromotion,
  ApiRegisteredModel,
} from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import { useSession } from '../session.js';
import { AliasRollback } from './alias-rollback.js';
import { ServingStatus } from './serving-status.js';

/** `/api/models` shapes (MLflow's registered model and model version, docs/ml.md): the API's own wire types. */
type RegisteredModel = ApiRegisteredModel;
type ModelVersion = ApiModelVersion;
type Promotion = ApiPromotion;

const when = (ms: number) => new Date(ms).toLocaleString();

/** Asks for a promotion of a version of this registry into another environment (deployer). */
function PromoteForm(props: {
  readonly name: string;
  readonly env: string | undefined;
  readonly versions: readonly ModelVersion[];
  readonly envs: readonly string[];
  readonly onDone: (text: string, error: boolean) => void;
}) {
  const { api } = useSession();
  const [version, setVersion] = useState('');
  const [to, setTo] = useState('');
  const [alias, setAlias] = useState('');
  const chosenVersion = version || props.versions.at(-1)?.version || '';
  const chosenTo = to || props.envs.find((e) => e !== props.env) || '';
  return (
    <form
      className="filters"
      aria-label={`Request a promotion of ${props.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void api
          .post<Promotion>(`/api/models/${seg(props.name)}/promote`, {
            version: chosenVersion,
            to: chosenTo,
            ...(props.env === undefined ? {} : { from: props.env }),
            ...(alias.trim() === '' ? {} : { alias: alias.trim() }),
          })
          .then(
            (p) =>
              props.onDone(
                p.status === 'pending'
                  ? `Promotion of v${p.sourceVersion} to ${p.alias} in ${p.targetEnv} requested: waiting for another deployer's approval`
                  : `Promoted v${p.sourceVersion} to ${p.alias} in ${p.targetEnv}`,
                false,
              ),
            (err: Error) => props.onDone(err.message, true),
          );
      }}
    >
      <label>
        Version
        <select value={chosenVersion} onChange={(e) => setVersion(e.target.value)}>
          {props.versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
            </option>
          ))}
        </select>
      </label>
      <label>
        Into
        <select value={chosenTo} onChange={(e) => setTo(e.target.value)}>
          {props.envs.map((e) => (
            <option key={e}>{e}</option>
          ))}
        </select>
      </label>
      <label>
        Alias
        <input value={alias} placeholder="champion" onChange={(e) => setAlias(e.target.value)} />
      </label>
      <button type="submit" disabled={chosenVersion === '' || chosenTo === ''}>
        Request promotion
      </button>
    </form>
  );
}

function ModelDetail(props: {
  readonly name: string;
  readonly env: string | undefined;
  readonly envs: readonly string[];
  /** An alias of the model moved here (a rollback): the models list shows aliases too. */
  readonly onAliasMoved: () => void;
}) {
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
      <AliasRollback
        name={props.name}
        env={props.env}
        aliases={(versions.data ?? []).flatMap((v) =>
          v.aliases.map((alias) => ({ alias, version: v.version })),
        )}
        onDone={(text, error) => {
          setMessage({ error, text });
          versions.reload();
          history.reload();
          props.onAliasMoved();
        }}
      />
      {can('deployer') && versions.data && versions.data.length > 0 && props.envs.length > 0 && (
        <PromoteForm
          name={props.name}
          env={props.env}
          versions={versions.data}
          envs={props.envs}
          onDone={(text, error) => {
            setMessage({ error, text });
            history.reload();
          }}
        />
      )}
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

/**
 * Promotions waiting for approval in this registry, of any model (a model promoted here for the first time has
 * no versions here yet, so its own page cannot list them); Approve for a deployer other than the requester.
 */
function PendingPromotions(props: { readonly env: string | undefined; readonly onApproved: () => void }) {
  const { api, can, who } = useSession();
  const list = useGet<readonly Promotion[]>(
    '/api/models/promotions',
    props.env === undefined ? {} : { env: props.env },
  );
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const pending = (list.data ?? []).filter((p) => p.status === 'pending');
  return (
    <section aria-labelledby="pending-promotions-title">
      <h2 id="pending-promotions-title">Promotions awaiting approval here</h2>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : ''}>
          {message.text}
        </p>
      )}
      {list.data && pending.length === 0 && <p className="hint">None.</p>}
      <ul>
        {pending.map((p) => (
          <li key={p.id} data-testid="pending-promotion">
            {p.name} v{p.sourceVersion} of {p.sourceEnv} → {p.alias} in {p.targetEnv}, requested by{' '}
            {p.requestedBy} at {when(p.requestedAt)}{' '}
            {can('deployer') && p.requestedBy !== who.name ? (
              <button
                type="button"
                onClick={() =>
                  void api
                    .post(`/api/models/promotions/${seg(p.id)}/approve`, undefined, { env: p.targetEnv })
                    .then(
                      () => {
                        setMessage({
                          error: false,
                          text: `Approved promotion of ${p.name} v${p.sourceVersion}`,
                        });
                        list.reload();
                        props.onApproved();
                      },
                      (e: Error) => setMessage({ error: true, text: e.message }),
                    )
                }
              >
                Approve {p.name} v{p.sourceVersion}
              </button>
            ) : (
              <span className="hint">waiting for another deployer</span>
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
      {open && (
        <ModelDetail
          key={`${env}/${open}`}
          name={open}
          env={env}
          envs={(envs.data?.items ?? []).map((e) => e.name)}
          onAliasMoved={models.reload}
        />
      )}
      <PendingPromotions env={env} onApproved={models.reload} />
      <ServingStatus env={env} />
    </section>
  );
}

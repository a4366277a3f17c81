import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type {
  ApiDeployHistory,
  ApiEnvironmentList,
  ApiPendingDeployment,
} from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { useGet } from '../api/hooks.js';
import { formatTime } from '../format.js';
import { useSession } from '../session.js';

/** `GET /api/deployments?env=` (the target's deployments.json, docs/deploy.md): the API's own wire types. */
type History = ApiDeployHistory;
type DiffSummary = ApiDeployHistory['deployments'][number]['summary'];
/** One resource a pending deployment would add, change or remove (values masked by the server). */
type ResourceChange = NonNullable<ApiPendingDeployment['changes']>[number];

const diff = (s: DiffSummary) => `+${s.added} ~${s.changed} −${s.removed}`;

const SIGN = { add: '+', change: '~', remove: '−' } as const;
const shown = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v));

/** The what-if of a pending deployment: what the approver approves, resource by resource. */
function WhatIf(props: { readonly changes: readonly ResourceChange[] | undefined }) {
  if (!props.changes || props.changes.length === 0) return null;
  return (
    <details className="what-if" data-testid="what-if">
      <summary>What it changes</summary>
      <ul>
        {props.changes.map((r) => (
          <li key={`${r.kind}/${r.name}`}>
            <code>
              {SIGN[r.action]} {r.kind}/{r.name}
            </code>
            {r.changes.length > 0 && (
              <ul>
                {r.changes.map((c) => (
                  <li key={`${c.op}${c.pathText}`}>
                    <code>
                      {c.op} {c.pathText}
                      {c.op === '~'
                        ? `: ${shown(c.before)} → ${shown(c.after)}`
                        : c.op === '+'
                          ? `: ${shown(c.after)}`
                          : ''}
                    </code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

function EnvironmentDeployments(props: { readonly env: string; readonly protectedEnv: boolean }) {
  const { api, can, who } = useSession();
  const history = useGet<History>('/api/deployments', { env: props.env });
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const [reasons, setReasons] = useState<Readonly<Record<string, string>>>({});
  const act = (path: string, done: string, body?: object) =>
    void api.post<{ status?: string }>(path, body, { env: props.env }).then(
      (r) => {
        setMessage({ error: false, text: r.status ? `${done}: ${r.status}` : done });
        history.reload();
      },
      (e: Error) => setMessage({ error: true, text: e.message }),
    );
  const deployments = [...(history.data?.deployments ?? [])].reverse();
  const current = deployments[0];
  return (
    <section aria-label={`Deployments of ${props.env}`}>
      <h2>
        {props.env}{' '}
        {props.protectedEnv && <span className="hint">(protected: deploys need another approver)</span>}
      </h2>
      {history.error && (
        <p role="alert" className="error">
          {history.error.message}
        </p>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : ''}>
          {message.text}
        </p>
      )}
      <dl className="facts" aria-label="Deployed now">
        <dt>Deployed</dt>
        <dd data-testid="deployed-version">{current ? current.version : 'nothing yet'}</dd>
        {current && (
          <>
            <dt>When, by</dt>
            <dd>
              {formatTime(current.at)} by {current.actor}
              {current.approvedBy ? `, approved by ${current.approvedBy}` : ''}
            </dd>
            <dt>Bundle</dt>
            <dd>
              <code>{current.bundleHash.slice(0, 12)}</code>
            </dd>
          </>
        )}
      </dl>
      {can('deployer') && deployments.length > 1 && (
        <div className="actions">
          <button
            type="button"
            onClick={() => act('/api/deployments/rollback', 'Rollback')}
            title="Redeploy the previous bundle (a protected environment records a request instead)"
          >
            Roll back to {deployments[1]!.version}
          </button>
        </div>
      )}
      <h3>Pending approvals</h3>
      {history.data?.pending.length === 0 && <p className="hint">None.</p>}
      <ul className="pending">
        {history.data?.pending.map((p) => (
          <li key={p.id} data-testid="pending">
            <strong>
              {p.rollback ? 'Rollback' : 'Deploy'} {p.version}
            </strong>{' '}
            requested by {p.requestedBy} at {formatTime(p.requestedAt)} ({diff(p.summary)}; from{' '}
            {p.baseVersion ?? 'nothing'}) <WhatIf changes={p.changes} />
            {p.approvedBy ? (
              <span className="status status-succeeded">approved by {p.approvedBy}</span>
            ) : can('deployer') ? (
              p.requestedBy === who.name ? (
                <span className="hint">waiting for another deployer to approve</span>
              ) : (
                <button
                  type="button"
                  onClick={() => act(`/api/deployments/${seg(p.id)}/approve`, 'Approved')}
                >
                  Approve {p.version}
                </button>
              )
            ) : (
              <span className="hint">waiting for approval</span>
            )}
            {can('deployer') && (
              // Any deployer may reject a request; its requester withdraws it (docs/web-ui.md).
              <span className="reject">
                {' '}
                <input
                  type="text"
                  aria-label={`Reason to ${p.requestedBy === who.name ? 'withdraw' : 'reject'} ${p.version}`}
                  placeholder="reason (optional)"
                  maxLength={500}
                  value={reasons[p.id] ?? ''}
                  onChange={(e) => setReasons({ ...reasons, [p.id]: e.target.value })}
                />{' '}
                <button
                  type="button"
                  onClick={() =>
                    act(
                      `/api/deployments/${seg(p.id)}/reject`,
                      p.requestedBy === who.name ? 'Withdrawn' : 'Rejected',
                      reasons[p.id] ? { reason: reasons[p.id] } : {},
                    )
                  }
                >
                  {p.requestedBy === who.name ? 'Withdraw' : 'Reject'} {p.version}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {(history.data?.closed?.length ?? 0) > 0 && (
        <>
          <h3>Rejected and withdrawn</h3>
          <ul className="pending">
            {[...(history.data?.closed ?? [])].reverse().map((c) => (
              <li key={c.id} data-testid="closed">
                <strong>
                  {c.rollback ? 'Rollback' : 'Deploy'} {c.version}
                </strong>{' '}
                requested by {c.requestedBy}: {c.outcome} by {c.closedBy} at {formatTime(c.closedAt)}
                {c.reason ? ` (${c.reason})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>History</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Kind</th>
            <th scope="col">When</th>
            <th scope="col">By</th>
            <th scope="col">Approved by</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.id}>
              <td>{d.version}</td>
              <td>{d.kind}</td>
              <td>{formatTime(d.at)}</td>
              <td>{d.actor}</td>
              <td>{d.approvedBy ?? ''}</td>
              <td>{diff(d.summary)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Environments and what is deployed where; pending approvals (approve as the signed-in deployer); rollback. */
export function DeploymentsPage() {
  const envs = useGet<ApiEnvironmentList>('/api/environments');
  const [params, setParams] = useSearchParams();
  const items = envs.data?.items ?? [];
  const chosen = params.get('env') ?? envs.data?.default ?? items[0]?.name;
  const env = items.find((e) => e.name === chosen);
  return (
    <section aria-labelledby="deployments-title">
      <h1 id="deployments-title">Environments and deployments</h1>
      {envs.data && items.length === 0 && <p className="hint">This project declares no environments.</p>}
      <div role="tablist" aria-label="Environments" className="tabs">
        {items.map((e) => (
          <button
            key={e.name}
            type="button"
            role="tab"
            aria-selected={e.name === chosen}
            onClick={() => setParams({ env: e.name })}
          >
            {e.name}
            {e.protected ? ' 🔒' : ''}
          </button>
        ))}
      </div>
      {env && <EnvironmentDeployments key={env.name} env={env.name} protectedEnv={env.protected} />}
    </section>
  );
}

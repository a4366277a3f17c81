import type { ClosedDeployment, DeployHistory, PendingDeployment } from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';
import type { DeployOutcome } from './deploy-run.js';
import { readBundleText } from './bundle-file.js';

/** A Millrace server that deploys for us (`millrace deploy --target <url>`). */
export interface RemoteTargetOptions {
  /** Base URL of the server: `https://host:port`. */
  readonly url: string;
  /** A bearer token of a deployer (reader for the history). */
  readonly token: string;
  /** Environment on the server; default the server's `--env`. */
  readonly environment?: string;
}

/** Options of `deployRemote`. */
export interface RemoteDeployOptions extends RemoteTargetOptions {
  /** The folder `millrace build` wrote, or its bundle.json. Not used with `rollback`. */
  readonly bundle?: string;
  readonly rollback?: boolean;
  readonly whatIf?: boolean;
  readonly yes?: boolean;
  /** Only record a protected environment's approval request. */
  readonly request?: boolean;
}

/** Options of `approveRemoteDeployment`: the pending id, or the bundle whose request to approve. */
export interface RemoteApproveOptions extends RemoteTargetOptions {
  readonly pendingId?: string;
  readonly bundle?: string;
}

const bundleText = async (where: string): Promise<string> => (await readBundleText(where)).text;

function endpoint(o: RemoteTargetOptions, route: string, query: Record<string, boolean> = {}): URL {
  let url: URL;
  try {
    url = new URL(route, o.url.endsWith('/') ? o.url : `${o.url}/`);
  } catch (err) {
    throw new ConfigError({
      code: 'deploy/invalid-target',
      message: `--target ${o.url} is not a URL (expected https://host:port)`,
      cause: err,
    });
  }
  if (o.environment !== undefined) url.searchParams.set('env', o.environment);
  for (const [k, v] of Object.entries(query)) if (v) url.searchParams.set(k, 'true');
  return url;
}

/** Sends one request; a non-2xx answer throws the server's error (same code, message, hint). */
async function call<T>(o: RemoteTargetOptions, method: 'GET' | 'POST', url: URL, body?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${o.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
    });
  } catch (err) {
    throw new ConfigError({
      code: 'deploy/unreachable-target',
      message: `cannot reach ${url.origin}: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok && json !== undefined) return json as T;
  const e = (json as { error?: { code?: unknown; message?: unknown; hint?: unknown } } | undefined)?.error;
  const code = typeof e?.code === 'string' ? e.code : 'deploy/remote-failed';
  throw new ConfigError({
    code: code === 'api/internal' ? 'internal/remote-deploy' : code,
    message: `${url.origin}: ${typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`}`,
    ...(typeof e?.hint === 'string' ? { hint: e.hint } : {}),
  });
}

/** Deploys (or plans, or rolls back) a bundle through a Millrace server: `POST /api/deployments`. */
export async function deployRemote(options: RemoteDeployOptions): Promise<DeployOutcome> {
  const flags = { whatIf: options.whatIf === true, yes: options.yes === true };
  if (options.rollback) return call(options, 'POST', endpoint(options, 'api/deployments/rollback', flags));
  if (options.bundle === undefined)
    throw new ConfigError({ code: 'deploy/missing-bundle', message: 'name the bundle to deploy' });
  const text = await bundleText(options.bundle);
  return call(
    options,
    'POST',
    endpoint(options, 'api/deployments', { ...flags, request: options.request === true }),
    text,
  );
}

/** Approves a pending deployment through a Millrace server (the approver is the token's name). */
export async function approveRemoteDeployment(options: RemoteApproveOptions): Promise<PendingDeployment> {
  if (options.pendingId !== undefined)
    return call(
      options,
      'POST',
      endpoint(options, `api/deployments/${encodeURIComponent(options.pendingId)}/approve`),
    );
  if (options.bundle === undefined)
    throw new ConfigError({
      code: 'deploy/missing-pending',
      message: 'name the pending deployment to approve',
    });
  const text = await bundleText(options.bundle);
  return call(options, 'POST', endpoint(options, 'api/deployments', { approve: true }), text);
}

/** Rejects (or, as its requester, withdraws) a pending deployment on a Millrace server: the token is the actor. */
export function rejectRemoteDeployment(
  options: RemoteTargetOptions & { readonly pendingId: string; readonly reason?: string },
): Promise<ClosedDeployment> {
  return call(
    options,
    'POST',
    endpoint(options, `api/deployments/${encodeURIComponent(options.pendingId)}/reject`),
    JSON.stringify(options.reason === undefined ? {} : { reason: options.reason }),
  );
}

/** The deploy history of an environment on a Millrace server: `GET /api/deployments`. */
export function remoteDeploymentHistory(options: RemoteTargetOptions): Promise<DeployHistory> {
  return call(options, 'GET', endpoint(options, 'api/deployments'));
}

import type { DatabricksExecutorSettings, RemoteDatabricksSettings } from '../activities/index.js';
import { clusterFromLinkedService, DatabricksErrorCode } from '../activities/index.js';
import type { DatabricksSpec, ResolvedEnvironment } from '../config/index.js';
import type { ActivityContext } from '../contracts/index.js';
import type { Diagnostic } from '../errors/index.js';
import { ActivityError, createDiagnostic } from '../errors/index.js';
import type { Factory, ResourceReference } from '../model/index.js';
import { isJsonObject } from '../model/index.js';
import type { DataWiring } from './data-access.js';

/** Resolves Databricks activities to their workspace (the executors' `remote` setting). */
export type DatabricksRemoteResolver = NonNullable<DatabricksExecutorSettings['remote']>;

/** What the Databricks wiring needs from the run service. */
export interface DatabricksWiringOptions {
  readonly environment: ResolvedEnvironment | undefined;
  /** The factory with the environment applied. */
  readonly factory: Factory;
  /** Evaluates linked services and creates their connectors (the workspace is a connector capability). */
  readonly data: Pick<DataWiring, 'linkedServiceProperties' | 'forContext' | 'connectors'>;
  /** Receives each resolved access token, so the run's redactor masks it. */
  readonly onSecret?: (value: string) => void;
  /** Warnings: a listed linked service that is not in the factory or not a Databricks workspace. */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** The environment's `databricks` section (later parameters files win, field by field) and its file. */
export function environmentDatabricks(
  environment: ResolvedEnvironment | undefined,
): { readonly spec: DatabricksSpec; readonly file: string } | undefined {
  let found: { spec: DatabricksSpec; file: string } | undefined;
  for (const layer of environment?.layers ?? []) {
    const d = layer.format === 'millrace' ? layer.spec.databricks : undefined;
    if (d) found = { spec: { ...found?.spec, ...d }, file: layer.file };
  }
  return found;
}

function invalid(message: string): ActivityError {
  return new ActivityError({ code: DatabricksErrorCode.InvalidSettings, message });
}

/** Warns about listed names that cannot go remote; they would silently run nowhere otherwise. */
function checkListed(names: readonly string[], file: string, options: DatabricksWiringOptions): void {
  const byName = new Map([...options.factory.linkedServices].map(([k, v]) => [k.toLowerCase(), v]));
  names.forEach((name, i) => {
    const ls = byName.get(name.toLowerCase());
    if (ls && options.data.connectors.offers(ls.properties.type, 'databricksWorkspace')) return;
    const why = ls ? `is ${ls.properties.type}, not ${workspaceTypes(options)}` : 'is not in the factory';
    options.onDiagnostic?.(
      createDiagnostic('warning', 'env/unknown-databricks-linked-service', `linked service ${name} ${why}`, {
        file,
        path: ['databricks', 'remote', i],
      }),
    );
  });
}

/** The linked-service types that offer a Databricks workspace, for messages (`AzureDatabricks`). */
function workspaceTypes(options: DatabricksWiringOptions): string {
  const { connectors } = options.data;
  return connectors
    .types()
    .filter((t) => connectors.offers(t, 'databricksWorkspace'))
    .join(' or ');
}

/** Workspace settings from the workspace capability of a linked service's connector. */
async function remoteSettings(
  ref: ResourceReference,
  ctx: ActivityContext,
  options: DatabricksWiringOptions,
  pollIntervalMs: number | undefined,
): Promise<RemoteDatabricksSettings> {
  const connector = await options.data.forContext(ctx).linkedService(ref);
  const workspace = connector.databricksWorkspace?.();
  if (!workspace) throw invalid(`linked service ${connector.type} offers no Databricks workspace`);
  return {
    host: workspace.host,
    token: async () => {
      const value = await workspace.accessToken();
      options.onSecret?.(value);
      return value;
    },
    cluster: clusterFromLinkedService(workspace.properties),
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
  };
}

/**
 * The per-activity workspace resolver of an environment whose parameters file sets `databricks.remote`
 * (`true`: every AzureDatabricks linked service; a list: those). An activity whose `linkedServiceName`
 * is selected runs on the workspace of that linked service: `domain` → host, `accessToken` through the
 * environment's secrets (per pipeline), cluster properties → `clusterFromLinkedService`; its properties
 * are evaluated with the reference's `@linkedService()` parameters. Everything else runs locally.
 * Returns undefined when nothing goes remote.
 */
export function createDatabricksRemote(
  options: DatabricksWiringOptions,
): DatabricksRemoteResolver | undefined {
  const found = environmentDatabricks(options.environment);
  const remote = found?.spec.remote;
  if (!found || remote === undefined || remote === false) return undefined;
  const listed = Array.isArray(remote) ? new Set(remote.map((n) => n.toLowerCase())) : undefined;
  if (Array.isArray(remote)) checkListed(remote, found.file, options);
  const seconds = found.spec.pollIntervalSeconds;
  const pollIntervalMs = seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000));
  const select = async (ctx: ActivityContext): Promise<RemoteDatabricksSettings | undefined> => {
    const ref = ctx.references().linkedServiceName;
    if (!ref) return undefined;
    if (!isJsonObject(ref) || typeof ref.referenceName !== 'string')
      throw invalid(`activity ${ctx.activity.name}: linkedServiceName needs a referenceName`);
    if (listed && !listed.has(ref.referenceName.toLowerCase())) return undefined;
    const { name, props } = options.data.linkedServiceProperties(ref);
    if (!options.data.connectors.offers(props.type, 'databricksWorkspace')) {
      if (!listed) return undefined;
      throw invalid(`linked service ${name} is ${props.type}, not ${workspaceTypes(options)}`);
    }
    return remoteSettings(ref, ctx, options, pollIntervalMs);
  };
  // A throw while selecting (unknown linked service, bad settings) rejects: it fails the activity run.
  return (ctx) => select(ctx);
}

import type { TokenCredential } from '@azure/core-auth';
import type { CloudSecretRef, CloudSpec, ResolvedEnvironment } from '../config/index.js';
import type { CloudFactory, CloudWorkspace, SecretProvider } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import { createProvider, environmentSecrets, localVault } from './secrets-wiring.js';

/** Test seams: a TokenCredential (the test double of Entra ID), a CA to trust, a fetch, a poll interval. */
export interface CloudTestHooks {
  readonly credential?: TokenCredential;
  readonly ca?: string;
  readonly fetch?: typeof fetch;
  readonly pollSeconds?: number;
}

/** The `cloud` sections of an environment's Millrace-form files, merged per section (later files win), with the file that set each. */
export function cloudSpecOf(env: ResolvedEnvironment): { spec: CloudSpec; file?: string } {
  let spec: CloudSpec = {};
  let file: string | undefined;
  for (const layer of env.layers) {
    if (layer.format !== 'millrace' || !layer.spec.cloud) continue;
    spec = { ...spec, ...layer.spec.cloud };
    file = layer.file;
  }
  return { spec, ...(file === undefined ? {} : { file }) };
}

/** A ConfigError naming the parameters file and the JSON path of a missing part of `cloud`. */
export function missingCloud(
  env: ResolvedEnvironment,
  file: string | undefined,
  path: string[],
  what: string,
): ConfigError {
  const where = file ?? env.parameterFiles.at(-1) ?? 'millrace.json';
  return new ConfigError({
    code: 'config/missing-cloud-target',
    message: `${where}: ${path.join('.')}: environment ${env.name} ${what}`,
    location: { file: where, path },
    hint: 'see docs/deploy.md, "Deploying to Azure Data Factory and Databricks"',
  });
}

/** Reads the secrets `cloud` names from `cloud.secretsProvider` (default: the environment's local vault). */
function secretReader(env: ResolvedEnvironment, spec: CloudSpec, file: string | undefined) {
  let provider: SecretProvider | undefined;
  const open = (): SecretProvider => {
    if (provider) return provider;
    const name = spec.secretsProvider;
    if (name === undefined) return (provider = localVault(env));
    const p = environmentSecrets(env).providers[name];
    if (!p)
      throw missingCloud(
        env,
        file,
        ['cloud', 'secretsProvider'],
        `names no provider of secrets.providers: "${name}"`,
      );
    let vault: SecretProvider | undefined;
    return (provider = createProvider(p, env, () => (vault ??= localVault(env))));
  };
  return async (ref: string | CloudSecretRef, path: string[]): Promise<string> => {
    if (typeof ref === 'string') return ref;
    const value = await open().get(ref.secret);
    if (value === undefined || value === '')
      throw missingCloud(
        env,
        file,
        path,
        `names the secret "${ref.secret}", which ${spec.secretsProvider ?? 'the local vault'} does not hold`,
      );
    return value;
  };
}

/** The environment's live Data Factory, or undefined when it declares none. */
export async function openCloudFactory(
  env: ResolvedEnvironment,
  hooks: CloudTestHooks = {},
): Promise<CloudFactory | undefined> {
  const { spec, file } = cloudSpecOf(env);
  const df = spec.dataFactory;
  if (!df) return undefined;
  let credential = hooks.credential;
  if (!credential) {
    const c = spec.credentials;
    if (!c)
      throw missingCloud(
        env,
        file,
        ['cloud', 'credentials'],
        'has a dataFactory but no credentials (tenantId, clientId, clientSecret)',
      );
    const read = secretReader(env, spec, file);
    const { ClientSecretCredential } = await import('@azure/identity');
    credential = new ClientSecretCredential(
      await read(c.tenantId, ['cloud', 'credentials', 'tenantId']),
      await read(c.clientId, ['cloud', 'credentials', 'clientId']),
      await read(c.clientSecret, ['cloud', 'credentials', 'clientSecret']),
      // A custom authority (sovereign cloud, or a test double) is not one Entra ID's discovery knows.
      c.authorityHost === undefined ? {} : { authorityHost: c.authorityHost, disableInstanceDiscovery: true },
    );
  }
  // Loaded on first use: the Azure SDK is only for environments with a cloud target.
  const { AzureDataFactoryClient } = await import('../cloud/index.js');
  return new AzureDataFactoryClient({
    subscriptionId: df.subscriptionId,
    resourceGroup: df.resourceGroup,
    factoryName: df.factoryName,
    credential,
    ...(df.endpoint === undefined ? {} : { endpoint: df.endpoint }),
    ...(hooks.ca === undefined ? {} : { ca: hooks.ca }),
    ...(hooks.pollSeconds === undefined ? {} : { pollSeconds: hooks.pollSeconds }),
  });
}

/** The environment's Databricks workspace and scope settings, or undefined when it declares none. */
export async function openCloudWorkspace(
  env: ResolvedEnvironment,
  hooks: CloudTestHooks = {},
): Promise<
  | {
      workspace: CloudWorkspace;
      readScopeSecret: (key: string) => Promise<string>;
      spec: NonNullable<CloudSpec['databricks']>;
    }
  | undefined
> {
  const { spec, file } = cloudSpecOf(env);
  const db = spec.databricks;
  if (!db) return undefined;
  const read = secretReader(env, spec, file);
  const { DatabricksWorkspaceClient } = await import('../cloud/index.js');
  const workspace = new DatabricksWorkspaceClient({
    host: db.host,
    token: await read(db.token, ['cloud', 'databricks', 'token']),
    ...(hooks.fetch ? { fetch: hooks.fetch } : {}),
  });
  const readScopeSecret = (key: string): Promise<string> => {
    const name = db.secretScope?.secrets[key] ?? key;
    return read({ secret: name }, ['cloud', 'databricks', 'secretScope', 'secrets', key]);
  };
  return { workspace, readScopeSecret, spec: db };
}

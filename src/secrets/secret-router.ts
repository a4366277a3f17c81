import type { KeyVaultSecretReference, SecretProvider, SecretResolver } from '../contracts/index.js';
import type { SecretAccessRules } from './secret-access.js';
import { isSecretAllowed } from './secret-access.js';
import { SecretErrorCode, secretError } from './secret-error.js';
import type { SecretRedactor } from './secret-redactor.js';

/** What the router needs: providers by name, scope mapping, access rules, and the redactor to feed. */
export interface SecretRouterOptions {
  /** Provider by Key Vault linked-service name (or any provider name scopes point at). */
  readonly providers: ReadonlyMap<string, SecretProvider>;
  /** Databricks secret scope → provider name. */
  readonly scopes: Readonly<Record<string, string>>;
  readonly access?: {
    readonly pipelines?: SecretAccessRules;
    readonly scopes?: SecretAccessRules;
  };
  readonly redactor: SecretRedactor;
  /** Environment name, for messages. */
  readonly environment: string;
}

/** How notebooks reach secrets (structurally the notebook runtime's SecretLookup). */
export interface ScopedSecretLookup {
  get(scope: string, key: string): Promise<string | undefined>;
  list(scope: string): Promise<readonly string[]>;
  listScopes(): Promise<readonly string[]>;
}

/** Resolves Key Vault references and notebook scope lookups of an environment, with access checks. */
export interface SecretRouter {
  /** The SecretResolver for activity runs of one pipeline. */
  resolverFor(pipeline: string): SecretResolver;
  /**
   * The SecretResolver of the environment's own services (its MLflow artifact store), which no pipeline
   * reaches: `secrets.access.pipelines` does not apply to it.
   */
  environmentResolver(): SecretResolver;
  readonly lookup: ScopedSecretLookup;
}

function find<V>(map: ReadonlyMap<string, V>, name: string): V | undefined {
  const exact = map.get(name);
  if (exact) return exact;
  for (const [k, v] of map) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

/**
 * Routes secret reads to the environment's providers. Every value read is registered with the redactor
 * before it is returned. Errors name the secret, the store and the pipeline or scope, never a value.
 */
export function createSecretRouter(options: SecretRouterOptions): SecretRouter {
  const { providers, redactor, environment } = options;
  const known = (): string => [...providers.keys()].join(', ') || 'none';

  const read = async (
    provider: SecretProvider,
    name: string,
    where: string,
    version?: string,
  ): Promise<string> => {
    const value = await provider.get(name, version);
    if (value === undefined)
      throw secretError(
        SecretErrorCode.NotFound,
        `secret "${name}" not found in ${where} (environment ${environment})`,
        {
          hint: `set it with \`millrace secrets set ${name} --env ${environment}\``,
        },
      );
    redactor.add(value);
    return value;
  };

  const resolver =
    (pipeline: string | undefined): SecretResolver =>
    async (reference: KeyVaultSecretReference) => {
      const ref = reference.store.referenceName;
      const store = typeof ref === 'string' ? ref : JSON.stringify(ref);
      const name = reference.secretName;
      const provider = find(providers, store);
      if (!provider)
        throw secretError(
          SecretErrorCode.UnknownProvider,
          `Key Vault secret "${name}": linked service ${store} has no secret provider in environment ${environment} (mapped: ${known()})`,
          { hint: `map it under "secrets.providers.${store}" in the environment's parameters file` },
        );
      if (pipeline !== undefined && !isSecretAllowed(options.access?.pipelines, pipeline, name))
        throw secretError(
          SecretErrorCode.AccessDenied,
          `pipeline ${pipeline} may not read secret "${name}" (store ${store}) in environment ${environment}`,
          { hint: 'allow it under "secrets.access.pipelines" in the environment\'s parameters file' },
        );
      return read(provider, name, `${store} (${provider.type})`, reference.secretVersion);
    };

  const scopeProvider = (scope: string): SecretProvider | undefined => {
    const name = options.scopes[scope];
    return name === undefined ? undefined : find(providers, name);
  };

  const lookup: ScopedSecretLookup = {
    async get(scope, key) {
      const provider = scopeProvider(scope);
      if (!provider) return undefined;
      if (!isSecretAllowed(options.access?.scopes, scope, key))
        throw secretError(
          SecretErrorCode.AccessDenied,
          `secret scope ${scope} may not read secret "${key}" in environment ${environment}`,
          { hint: 'allow it under "secrets.access.scopes" in the environment\'s parameters file' },
        );
      const value = await provider.get(key);
      if (value !== undefined) redactor.add(value);
      return value;
    },
    async list(scope) {
      const provider = scopeProvider(scope);
      if (!provider) return [];
      return (await provider.list()).filter((k) => isSecretAllowed(options.access?.scopes, scope, k));
    },
    listScopes() {
      return Promise.resolve(Object.keys(options.scopes).sort());
    },
  };
  return {
    resolverFor: (pipeline) => resolver(pipeline),
    environmentResolver: () => resolver(undefined),
    lookup,
  };
}

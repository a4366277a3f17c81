import type { ProjectOptions } from '../config/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import type { SecretProvider } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import { checkSecretName, requireCapability } from '../secrets/index.js';
import { createProvider, environmentSecrets, localVault } from './secrets-wiring.js';

/** Options of `openSecrets`. */
export interface OpenSecretsOptions extends ProjectOptions {
  readonly environment: string;
  /** Provider name (a key of `secrets.providers`); default the environment's local vault. */
  readonly provider?: string;
  /** Required to change the secrets of a protected environment. */
  readonly confirmProtected?: boolean;
}

/** Secret administration of one environment: names only, values go in and never come out. */
export interface SecretsAdmin {
  /** `local (…/secrets.vault)`, `env`, `azureKeyVault`. */
  readonly description: string;
  list(): Promise<readonly string[]>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
}

/**
 * Opens the secrets of an environment for `millrace secrets set|list|delete`. Writes to a protected
 * environment need `confirmProtected`; a read-only provider fails with `secrets/unsupported-operation`.
 */
export async function openSecrets(options: OpenSecretsOptions): Promise<SecretsAdmin> {
  const { project } = await configOf(options);
  const env = await resolveEnvironment(project, options.environment);
  let provider: SecretProvider;
  if (options.provider === undefined) provider = localVault(env);
  else {
    const spec = environmentSecrets(env).providers[options.provider];
    if (!spec)
      throw new ConfigError({
        code: 'secrets/unknown-provider',
        message: `environment ${env.name} has no secret provider ${options.provider} (known: ${Object.keys(environmentSecrets(env).providers).join(', ') || 'none'})`,
      });
    provider = createProvider(spec, env, () => localVault(env));
  }
  const guard = (): void => {
    if (env.protected && !options.confirmProtected)
      throw new ConfigError({
        code: 'secrets/protected-environment',
        message: `environment ${env.name} is protected; changing its secrets needs --yes`,
      });
  };
  return {
    description: provider.type === 'local' ? `local vault ${env.vaultFile}` : provider.type,
    list: () => provider.list(),
    async set(name, value) {
      checkSecretName(name);
      guard();
      await requireCapability(provider, 'set')(name, value);
    },
    async delete(name) {
      guard();
      return requireCapability(provider, 'delete')(name);
    },
  };
}

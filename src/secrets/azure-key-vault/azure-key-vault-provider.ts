import type { SecretClient } from '@azure/keyvault-secrets';
import type { SecretProvider } from '../../contracts/index.js';

/** An Azure AD token credential (`@azure/core-auth`'s TokenCredential, as SecretClient takes it). */
export type TokenCredential = ConstructorParameters<typeof SecretClient>[1];
import { SecretErrorCode, secretError } from '../secret-error.js';

/** Options of the Azure Key Vault provider. */
export interface AzureKeyVaultProviderOptions {
  /** `https://<vault>.vault.azure.net/` */
  readonly vaultUrl: string;
  /** Default: `DefaultAzureCredential` (az login, managed identity, environment credentials). */
  readonly credential?: TokenCredential;
  /** Skip the check that the auth challenge's resource matches the vault host (sovereign clouds, tests). */
  readonly disableChallengeResourceVerification?: boolean;
  /** Allow `http://` vault URLs (tests against a local server only). */
  readonly allowInsecureConnection?: boolean;
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Secrets in an Azure Key Vault through `@azure/keyvault-secrets`. `get` of an unknown secret answers
 * undefined (HTTP 404); other failures become `secrets/provider-failed` naming the vault and the secret.
 * `delete` starts Key Vault's (soft) delete and does not wait for the purge.
 */
export function createAzureKeyVaultProvider(options: AzureKeyVaultProviderOptions): SecretProvider {
  // The Azure SDKs load on first use, so commands that read no Key Vault secret never pay for them.
  let opened: Promise<SecretClient> | undefined;
  const open = async (): Promise<SecretClient> => {
    const { SecretClient } = await import('@azure/keyvault-secrets');
    const credential = options.credential ?? new (await import('@azure/identity')).DefaultAzureCredential();
    return new SecretClient(options.vaultUrl, credential, {
      ...(options.disableChallengeResourceVerification ? { disableChallengeResourceVerification: true } : {}),
      ...(options.allowInsecureConnection ? { allowInsecureConnection: true } : {}),
    });
  };
  const connect = (): Promise<SecretClient> => (opened ??= open());
  const failed = (what: string, err: unknown): Error =>
    secretError(
      SecretErrorCode.ProviderFailed,
      `Azure Key Vault ${options.vaultUrl}: ${what} failed${statusOf(err) ? ` (HTTP ${statusOf(err)})` : ''}`,
      { cause: err, hint: 'check the vault URL, your Azure login (az login) and the Get/List permissions' },
    );

  return {
    type: 'azureKeyVault',
    async get(name, version) {
      try {
        const secret = await (await connect()).getSecret(name, version ? { version } : {});
        return secret.value;
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw failed(`reading secret "${name}"`, err);
      }
    },
    async list() {
      const names: string[] = [];
      try {
        for await (const p of (await connect()).listPropertiesOfSecrets())
          if (p.enabled !== false) names.push(p.name);
      } catch (err) {
        throw failed('listing secrets', err);
      }
      return names.sort();
    },
    async set(name, value) {
      try {
        await (await connect()).setSecret(name, value);
      } catch (err) {
        throw failed(`writing secret "${name}"`, err);
      }
    },
    async delete(name) {
      try {
        await (await connect()).beginDeleteSecret(name);
        return true;
      } catch (err) {
        if (statusOf(err) === 404) return false;
        throw failed(`deleting secret "${name}"`, err);
      }
    },
  };
}

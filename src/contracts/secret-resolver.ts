import type { ResourceReference } from '../model/index.js';

/** An Azure Key Vault secret reference, as written in a linked service. */
export interface KeyVaultSecretReference {
  readonly type: 'AzureKeyVaultSecret';
  readonly store: ResourceReference;
  readonly secretName: string;
  readonly secretVersion?: string;
}

/** Resolves Key Vault references to values (the secrets module provides it). Never log what it returns. */
export type SecretResolver = (reference: KeyVaultSecretReference) => Promise<string>;
